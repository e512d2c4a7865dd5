import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget } from '../../fixtures/target.ts';
import { activeWorkers, spawnMaster, spawnWorker, weightedPlan } from './harness.ts';

/** Resolves once `read()` has not changed for `quietMs`; throws at the deadline. */
async function settles(read: () => number, quietMs: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let value = read();
	let since = Date.now();
	while (Date.now() - since < quietMs) {
		if (Date.now() > deadline) throw new Error('the value kept changing');
		await new Promise((resolve) => setTimeout(resolve, 50));
		const now = read();
		if (now !== value) {
			value = now;
			since = Date.now();
		}
	}
}

void test('SIGKILL the master: the workers stop their load within the heartbeat timeout, then rejoin a master restarted on the same address', async (t) => {
	const target = await startTarget();
	t.after(() => target.close());
	const options = { planPath: weightedPlan, port: 0, cluster: 'loss', targetUrl: target.url, users: 10, spawnRate: 100 };
	const first = await spawnMaster(options, t);
	const workers = [0, 1].map(() => spawnWorker({ url: first.url, cluster: 'loss', planPath: weightedPlan, heartbeatTimeoutMs: 3000 }, t));
	await first.waitFor((r) => activeWorkers(r).length === 2, 'two workers');
	first.send({ cmd: 'start' });
	await first.waitFor((r) => r.runState === 'running', 'running');

	const t0 = Date.now();
	const mark = (what: string) => t.diagnostic(`${what} at ${Date.now() - t0} ms`);
	const killedAt = Date.now();
	first.kill('SIGKILL');
	const stoppedAt: number[] = [];
	for (const worker of workers) {
		const report = await worker.waitFor((r) => r.state === 'waiting-for-master', 'the dead-man switch', 60_000);
		stoppedAt.push(report.log.filter((line) => line.text.includes('stopping all users and waiting for a master')).at(-1)?.at ?? Infinity);
	}
	// Timed on each worker's own log entry (its clock, the moment it decided), not on when its
	// report reached this test: on a loaded box the reports' IPC latency is not the worker's.
	// Heartbeat timeout 3 s from the last heartbeat (up to 1 s before the kill), checked 4 times a
	// second; slack for a loaded CI box, whose timers fire late.
	const stoppedAfterMs = Math.max(...stoppedAt) - killedAt;
	const firstStopAfterMs = Math.min(...stoppedAt) - killedAt;
	t.diagnostic(`workers stopped ${firstStopAfterMs}..${stoppedAfterMs} ms after the kill`);
	assert.ok(firstStopAfterMs >= 1500 && stoppedAfterMs <= 7000, `load stopped ${firstStopAfterMs}..${stoppedAfterMs} ms after the kill`);
	await settles(() => target.counters.requests, 1500, 10_000);
	mark('load settled');

	const second = await spawnMaster({ ...options, port: first.port }, t);
	mark('second master up');
	await second.waitFor((r) => activeWorkers(r).length === 2, 'the workers to rejoin', 20_000);
	mark('rejoined');
	const before = target.counters.requests;
	second.send({ cmd: 'start' });
	await second.waitFor((r) => r.runState === 'running', 'running again');
	await second.waitFor(() => target.counters.requests > before + 20, 'load again');
	mark('load again');
	second.send({ cmd: 'stop' });
	const stopped = (await second.message('stopped')) as { log: string[] };
	mark('stopped');
	// Every worker confirmed with its last stats counted (no stop by deadline).
	assert.ok(!stopped.log.some((line) => line.includes('without confirmation')), stopped.log.join('\n'));
	second.send({ cmd: 'quit' });
	assert.equal(await second.exited, 0);
	for (const worker of workers) assert.equal(await worker.exited, 0);
	mark('all exited');
});
