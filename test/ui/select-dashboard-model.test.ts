// The selector on real parts: the master's reducer driven through joins, heartbeats and a
// start, and the aggregator fed recorder deltas from four workers, one of them slow and one
// silenced, all on an injected clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialMasterState, reduceMaster, type MasterAction, type MasterState } from '../../source/master/master-state.ts';
import { Aggregator } from '../../source/stats/aggregator.ts';
import { Recorder } from '../../source/stats/recorder.ts';
import { selectDashboardModel } from '../../source/ui/select-dashboard-model.ts';

/** An action without its clock: `act` stamps it. Distributes over the union. */
type Untimed<T> = T extends unknown ? Omit<T, 'now'> : never;

const t0 = Date.UTC(2026, 10, 22, 10, 0, 0);

function scenario() {
	let now = t0;
	const clock = () => now;
	let master = initialMasterState({ targetUsers: 40, spawnRate: 10, host: 'http://127.0.0.1:8089', expectWorkers: 4 });
	const act = (action: Untimed<MasterAction>) => {
		master = reduceMaster(master, { ...action, now } as MasterAction);
	};
	const ids = ['w-a', 'w-b', 'w-c', 'w-d'];
	for (const [index, id] of ids.entries()) act({ type: 'worker-joined', id, hostname: 'box', pid: 100 + index, planHash: 'abc' });
	act({ type: 'start' });
	act({ type: 'dispatched', assignments: Object.fromEntries(ids.map((id) => [id, { Shopper: 10 }])) });
	const aggregator = new Aggregator({ now: clock });
	const recorders = new Map(ids.map((id) => [id, new Recorder({ now: clock })]));
	// 30 seconds of load: w-c is slow (half the requests, 10x the latency), w-d goes silent at 20 s.
	for (let second = 1; second <= 30; second++) {
		now = t0 + second * 1000;
		for (const id of ids) {
			if (id === 'w-d' && second > 20) continue;
			const recorder = recorders.get(id)!;
			const slow = id === 'w-c';
			for (let i = 0; i < (slow ? 50 : 100); i++) {
				recorder.request('GET', '/items', (slow ? 200 : 20) + (i % 10), 512, i % 50 === 0 ? 'HTTP 503' : undefined);
			}
			recorder.request('POST', '/cart', 30, 128);
			if (second === 5 && id === 'w-a') recorder.exception('boom', 'Error: boom\n    at task (plan.ts:3:9)');
			aggregator.apply(id, recorder.takeDelta(now));
		}
		act({
			type: 'heartbeats',
			beats: ids
				.filter((id) => !(id === 'w-d' && second > 20))
				.map((id) => ({ id, state: 'running' as const, users: { Shopper: 10 }, cpuPercent: id === 'w-b' ? 95 : 30, rssBytes: 80e6 })),
		});
		aggregator.recordUsers(second > 20 ? 30 : 40);
		act({ type: 'tick', missingAfterMs: 3000, countedSeqs: {} });
	}
	return { master, stats: aggregator.snapshot(), history: aggregator.history(), now };
}

void test('maps the master state and the stats snapshot to the dashboard model', () => {
	const { master, stats, history, now } = scenario();
	const model = selectDashboardModel({ master, stats, history, now, runTimeMs: 60_000 });

	assert.equal(model.header.state, 'running');
	assert.equal(model.header.targetUsers, 40);
	assert.equal(model.header.users, 30, 'the missing worker no longer counts');
	assert.equal(model.header.spawnRate, 10);
	assert.equal(model.header.elapsedMs, 30_000);
	assert.equal(model.header.remainingMs, 30_000);
	assert.equal(model.header.workersReady, 3);
	assert.equal(model.header.workersMissing, 1);
	assert.equal(model.header.workersExpected, 4);
	assert.equal(model.header.host, 'http://127.0.0.1:8089');
	assert.ok(model.header.totalRps > 0);
	assert.ok(model.header.failureRatio > 0 && model.header.failureRatio < 0.05);

	assert.deepEqual(model.stats.map((row) => `${row.method} ${row.name}`).sort(), ['GET /items', 'POST /cart']);
	const items = model.stats.find((row) => row.name === '/items')!;
	assert.ok(items.medianMs >= 20 && items.p95Ms >= items.medianMs && items.p99Ms >= items.p95Ms);
	assert.equal(items.avgBytes, 512);
	assert.equal(model.aggregated.name, 'Aggregated');
	assert.equal(model.aggregated.requests, stats.aggregated.requests);

	assert.deepEqual(model.workers.map((w) => w.id), ['w-a', 'w-b', 'w-c', 'w-d']);
	const byId = Object.fromEntries(model.workers.map((w) => [w.id, w]));
	assert.deepEqual(byId['w-a']!.marks, []);
	assert.deepEqual(byId['w-b']!.marks, ['cpu']);
	assert.deepEqual(byId['w-c']!.marks, ['low-rps', 'high-p95']);
	assert.deepEqual(byId['w-d']!.marks, ['missing']);
	assert.equal(byId['w-d']!.state, 'missing');
	assert.equal(byId['w-a']!.users, 10);
	assert.ok(byId['w-a']!.rps > byId['w-c']!.rps);
	assert.ok(byId['w-c']!.p95Ms > 5 * byId['w-a']!.p95Ms);
	assert.equal(byId['w-a']!.heartbeatAgeMs, 0);
	assert.equal(byId['w-d']!.heartbeatAgeMs, 10_000);

	assert.ok(model.history.length >= 20, `${model.history.length} seconds of history`);
	assert.ok(model.history.some((point) => point.rps > 0 && point.p95Ms > 0 && point.users > 0));
	assert.deepEqual(model.failures.map((f) => `${f.method} ${f.name} ${f.error}`), ['GET /items HTTP 503']);
	assert.equal(model.exceptions[0]?.message, 'boom');
	assert.ok(model.log.some((line) => line.level === 'warn' && line.source === 'w-d' && /^is missing/.test(line.text)));
	assert.ok(model.log.some((line) => line.source === 'w-a' && /^joined/.test(line.text)));
	assert.ok(model.log.some((line) => /test started/.test(line.text)));
});

void test('before the run: no elapsed or remaining time, the plan host, no expected workers', () => {
	let master: MasterState = initialMasterState({});
	master = reduceMaster(master, { type: 'worker-joined', now: t0, id: 'solo', hostname: 'box', pid: 1, planHash: null });
	const aggregator = new Aggregator({ now: () => t0 });
	const model = selectDashboardModel({ master, stats: aggregator.snapshot(), history: aggregator.history(), now: t0 + 5000, runTimeMs: 60_000, planHost: 'http://plan.example' });
	assert.equal(model.header.state, 'ready');
	assert.equal(model.header.elapsedMs, 0);
	assert.equal(model.header.remainingMs, undefined);
	assert.equal(model.header.workersExpected, undefined);
	assert.equal(model.header.host, 'http://plan.example');
	assert.deepEqual(model.stats, []);
	assert.equal(model.workers[0]?.rps, 0);
	assert.deepEqual(model.workers[0]?.marks, []);
	assert.deepEqual(model.history, []);
});
