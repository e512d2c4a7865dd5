/**
 * Load never outlives its master (issue 8): a real Mosquitto killed mid-run and restarted on the
 * same port, and the embedded broker gone with a SIGKILLed master. Real `drove` processes.
 * Before, workers that reconnected to the restarted broker kept loading the target for as
 * long as anyone let them: the dead-man switch was reset by the reconnect.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget, type Target } from '../../fixtures/target.ts';
import { mosquittoMissing, startMosquitto } from '../helpers/mosquitto.ts';
import { DroveProcess, fixturePlan } from '../run/drove-cli.ts';

const requireMosquitto = process.env.DROVE_REQUIRE_MOSQUITTO === '1';
const skip = !requireMosquitto && mosquittoMissing ? mosquittoMissing : false;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(50);
	}
}

/** When the target last saw a request, once it has seen none for `quietMs`. */
async function quietSince(target: Target, quietMs: number, timeoutMs: number): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let count = target.counters.requests;
	let since = Date.now();
	while (Date.now() - since < quietMs) {
		if (Date.now() > deadline) throw new Error(`the target never went quiet: ${target.counters.requests} requests so far`);
		await sleep(50);
		if (target.counters.requests !== count) {
			count = target.counters.requests;
			since = Date.now();
		}
	}
	return since;
}

interface Fleet {
	master: DroveProcess;
	workers: DroveProcess[];
}

function startFleet(t: TestContext, target: Target, join: string[], heartbeatTimeout: string, runTime: string): Fleet {
	const common = ['--cluster', 'outage', '--heartbeat-timeout', heartbeatTimeout];
	const master = new DroveProcess(['-f', fixturePlan('steady.ts'), '--master', '--headless', '--json', '-H', target.url, '-u', '4', '-r', '100', '-t', runTime, '--expect-workers', '2', ...join, ...common], t);
	const workers = [0, 1].map(() => new DroveProcess(['--worker', ...join, ...common], t));
	return { master, workers };
}

async function mosquittoOutage(t: TestContext, downMs: number, heartbeatTimeoutMs: number): Promise<void> {
	const target = await startTarget();
	t.after(() => target.close());
	const first = await startMosquitto();
	t.after(() => first.stop());
	const { master, workers } = startFleet(t, target, ['--broker', first.url], `${heartbeatTimeoutMs / 1000}s`, '25s');
	await until(() => target.counters.requests > 100, 120_000, 'load on the target');

	process.kill(first.pid, 'SIGKILL');
	// The outage itself is the scenario, not a wait for something.
	await sleep(downMs);
	const second = await startMosquitto({ port: first.port });
	t.after(() => second.stop());
	for (const worker of workers) await worker.waitForStderr(/joined the master|stopping all users/, 60_000).catch(() => undefined);

	const code = await master.exitCode(120_000);
	const masterGoneAt = Date.now();
	const quietAt = await quietSince(target, 3000, 60_000);
	const afterExit = quietAt - masterGoneAt;
	t.diagnostic(`master exit ${code}; target quiet ${afterExit} ms after it; ${target.counters.requests} requests`);
	// Quiet within the heartbeat timeout of the master's exit (its last heartbeat came before it), with slack for a loaded machine.
	assert.ok(afterExit <= heartbeatTimeoutMs + 5000, `the target still got requests ${afterExit} ms after the master exited`);
	if (code === 0) {
		// The run survived the outage: what the master counted must not exceed what the target got.
		const summary = JSON.parse(master.stdout) as { aggregated: { requests: number; failures: number } };
		const counted = summary.aggregated.requests - summary.aggregated.failures;
		assert.ok(counted <= target.counters.requests, `counted ${counted} successes, the target saw ${target.counters.requests}`);
	} else {
		assert.equal(code, 3, master.stderr.slice(-2000));
		assert.match(master.stderr, /every worker is gone/);
	}
	// The workers are still there, idle: a master that is gone gives them nothing to run.
	const before = target.counters.requests;
	await sleep(2000);
	assert.equal(target.counters.requests, before, 'no load after the quiet');
	for (const worker of workers) assert.equal(worker.child.exitCode, null, 'the worker waits for a master');
}

void test('Mosquitto down 3 s mid-run: the workers reconnect but load never outlives the master', { skip }, (t) => mosquittoOutage(t, 3000, 6000));

void test('Mosquitto down 15 s mid-run: the master gives up, the workers stop within the heartbeat timeout and stay idle', { skip }, (t) => mosquittoOutage(t, 15_000, 3000));

void test('embedded broker, master SIGKILLed: the workers stop their users within the heartbeat timeout and stay idle', async (t) => {
	const target = await startTarget();
	t.after(() => target.close());
	const common = ['--cluster', 'outage', '--heartbeat-timeout', '3s'];
	const master = new DroveProcess(['-f', fixturePlan('steady.ts'), '--master', '--headless', '-H', target.url, '-u', '4', '-r', '100', '-t', '120s', '--expect-workers', '2', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', ...common], t);
	await master.waitForStderr(/listening at mqtt:\/\/127\.0\.0\.1:\d+/, 60_000);
	const port = /listening at mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(master.stderr)![1]!;
	const workers = [0, 1].map(() => new DroveProcess(['--worker', '--master-host', '127.0.0.1', '--master-port', port, ...common], t));
	await until(() => target.counters.requests > 100, 120_000, 'load on the target');

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
