// Plan shipping through the real CLI, as on two machines: a master started with a plan that
// imports a local helper, and a worker started elsewhere with no -f (in a directory without
// the plan) that joins with the command the master printed and runs the master's plan.
// The plan quits once its first request is answered; -t 60s only caps a run that never gets one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packagesByPid, recordLoads } from '../helpers/load-log.ts';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan, tempDir } from './drove-cli.ts';

test('a worker with no -f runs the master\'s plan, local imports included', async (t) => {
	const target = await useTarget(t);
	const master = new DroveProcess(
		['-f', fixturePlan('shipped.ts'), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--headless', '-u', '2', '-r', '2', '-t', '60s', '-H', target.url, '--json'],
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

test('drove --worker --processes 2 -f: the children run the plan their parent bundled, without esbuild of their own', async (t) => {
	const target = await useTarget(t);
	const master = new DroveProcess(
		['-f', fixturePlan('shipped.ts'), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--headless', '--expect-workers', '2', '-u', '2', '-r', '2', '-t', '60s', '-H', target.url, '--json'],
		t,
	);
	await master.waitForStderr(/join with: .*--master-port=\d+/);
	const port = /--master-port=(\d+)/.exec(master.stderr)![1]!;
	const { log, env } = recordLoads(t);
	const workers = new DroveProcess(['--worker', '--master-host', '127.0.0.1', '--master-port', port, '--processes', '2', '-f', fixturePlan('shipped.ts')], t, { cwd: tempDir(t), env });

	assert.equal(await master.exitCode(), 0, master.stderr);
	assert.equal(await workers.exitCode(), 0, workers.stderr);
	assert.doesNotMatch(master.stderr, /plan differs|own plan/i, 'the children ran the same plan as the master');
	const summary = JSON.parse(master.stdout) as { endpoints: Array<{ name: string; requests: number }>; workers: unknown[] };
	assert.equal(summary.workers.length, 2);
	assert.ok(summary.endpoints.some((e) => e.name === '/shipped-through-the-bundle' && e.requests > 0), JSON.stringify(summary.endpoints));
	const byPid = packagesByPid(log);
	assert.ok(byPid.get(workers.child.pid!)?.has('esbuild'), 'the parent bundled the plan');
	const children = [...byPid].filter(([pid]) => pid !== workers.child.pid);
	assert.equal(children.length, 2, 'two children recorded their loads');
	for (const [pid, packages] of children) assert.ok(!packages.has('esbuild'), `child ${pid} loaded esbuild`);
});
