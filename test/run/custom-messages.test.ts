// Custom messages from a plan through the real CLI: master to all workers, worker to master,
// master to one worker, with two local worker processes (Drove's local run is its distributed run).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan } from './drove-cli.ts';

const plan = fixturePlan('messages.ts');

interface Received {
	from: string;
	role: string;
	kind: string;
	data: { n?: number; target?: string };
	sender?: string;
	workerRole: string;
}

/**
 * Starts the fleet for a mode: `local` is one `drove` with two local worker processes;
 * `distributed` is a `--master` and two separate `drove --worker` processes joining it.
 */
async function startFleet(mode: 'local' | 'distributed', t: TestContext, targetUrl: string, out: string): Promise<DroveProcess> {
	const env = { MESSAGES_OUT: out };
	const run = ['-f', plan, '--headless', '-u', '2', '-r', '2', '-H', targetUrl];
	if (mode === 'local') return new DroveProcess([...run, '--processes', '2'], t, { env });
	const master = new DroveProcess([...run, '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--expect-workers', '2'], t, { env });
	await master.waitForStderr(/--master-port=\d+/);
	const port = /--master-port=(\d+)/.exec(master.stderr)![1]!;
	for (let i = 0; i < 2; i++) new DroveProcess(['--worker', '--master-host', '127.0.0.1', '--master-port', port], t, { env });
	return master;
}

for (const mode of ['local', 'distributed'] as const) {
	test(`custom messages (${mode}): master to all, each worker back to the master, master to one worker only`, async (t) => {
		const target = await useTarget(t);
		const dir = mkdtempSync(join(tmpdir(), 'drove-messages-'));
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		const out = join(dir, 'received.jsonl');
		const proc = await startFleet(mode, t, target.url, out);
		const received = (): Received[] => {
			try {
				return readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Received);
			} catch {
				return [];
			}
		};
		const deadline = Date.now() + 60_000;
		while (received().filter((r) => r.kind === 'one').length < 2) {
			assert.ok(Date.now() < deadline, `messages never completed; got ${JSON.stringify(received())}; stderr:\n${proc.stderr}`);
			assert.equal(proc.child.exitCode, null, proc.stderr);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		proc.child.kill('SIGTERM');
		assert.equal(await proc.exitCode(), 0, proc.stderr);

		const messages = received();
		const all = messages.filter((m) => m.kind === 'all');
		const one = messages.filter((m) => m.kind === 'one');
		assert.equal(all.length, 2, 'each worker got the broadcast once');
		assert.equal(new Set(all.map((m) => m.from)).size, 2, 'from two different workers');
		for (const m of all) {
			assert.equal(m.role, 'master', 'the ack handler ran on the master');
			assert.equal(m.sender, 'master', 'the worker saw the master as the sender');
			assert.equal(m.workerRole, 'worker', 'the ping handler ran on a worker');
			assert.deepEqual(m.data, { n: 1 });
		}
		assert.equal(one.length, 2, 'a message to one worker reaches that worker only');
		for (const m of one) assert.equal(m.data.target, m.from, 'answered by the worker it was addressed to');
	});
}
