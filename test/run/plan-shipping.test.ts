// Plan shipping through the real CLI, as on two machines: a master started with a plan that
// imports a local helper, and a worker started elsewhere with no -f (in a directory without
// the plan) that joins with the command the master printed and runs the master's plan.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan, tempDir } from './drove-cli.ts';

test('a worker with no -f runs the master\'s plan, local imports included', async (t) => {
	const target = await useTarget(t);
	const master = new DroveProcess(
		['-f', fixturePlan('shipped.ts'), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--headless', '-u', '2', '-r', '2', '-t', '3s', '-H', target.url, '--json'],
		t,
	);
	await master.waitForStderr(/join with: .*--master-port=\d+/);
	const port = /--master-port=(\d+)/.exec(master.stderr)![1]!;
	assert.doesNotMatch(master.stderr, /DROVE_TOKEN/, 'a loopback master needs no token');
	const worker = new DroveProcess(['--worker', '--master-host', '127.0.0.1', '--master-port', port], t, { cwd: tempDir(t) });

	assert.equal(await master.exitCode(), 0, master.stderr);
	assert.equal(await worker.exitCode(), 0, worker.stderr);
	const summary = JSON.parse(master.stdout) as { endpoints: Array<{ name: string; requests: number }>; workers: unknown[] };
	const shipped = summary.endpoints.find((e) => e.name === '/shipped-through-the-bundle');
	assert.ok(shipped && shipped.requests > 0, `the helper's name reached the worker: ${JSON.stringify(summary.endpoints)}`);
	assert.equal(summary.workers.length, 1);
});
