// Load never outlives its master (issue 8): the embedded broker goes with a SIGKILLed master.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget } from '../../fixtures/target.ts';
import { DroveProcess, fixturePlan } from '../run/drove-cli.ts';
import { quietSince, until } from './fixtures/outage.ts';

void test('embedded broker, master SIGKILLed: the workers stop their users within the heartbeat timeout and stay idle', async (t) => {
	const target = await startTarget();
	t.after(() => target.close());
	const common = ['--cluster', 'outage', '--heartbeat-timeout', '3s'];
	const master = new DroveProcess(['-f', fixturePlan('steady.ts'), '--master', '--headless', '-H', target.url, '-u', '4', '-r', '100', '-t', '120s', '--expect-workers', '2', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', ...common], t);
	await master.waitForStderr(/listening at mqtt:\/\/127\.0\.0\.1:\d+/, 60_000);
	const port = /listening at mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(master.stderr)![1]!;
	const workers = [0, 1].map(() => new DroveProcess(['--worker', '--master-host', '127.0.0.1', '--master-port', port, ...common], t));
	await until(() => target.counters.requests > 100, 140_000, 'load on the target');

	master.child.kill('SIGKILL');
	const killedAt = Date.now();
	const quietAt = await quietSince(target, 3000, 60_000);
	t.diagnostic(`target quiet ${quietAt - killedAt} ms after the kill`);
	assert.ok(quietAt - killedAt <= 3000 + 5000, `the target still got requests ${quietAt - killedAt} ms after the master died`);
	for (const worker of workers) {
		await worker.waitForStderr(/no heartbeat from the master for [\d.]+ s: stopping all users/, 30_000);
		assert.equal(worker.child.exitCode, null, 'the worker waits for a master');
	}
});
