// Per-worker endpoint rows and per-worker rates, through the real Aggregator fed real
// Recorder deltas on an injected clock.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Aggregator} from '../../source/stats/aggregator.ts';
import {Recorder} from '../../source/stats/recorder.ts';

function fleet() {
	const c = {t: 1_700_000_000_000};
	const now = () => c.t;
	const aggregator = new Aggregator({now});
	const recorders = {a: new Recorder({now}), b: new Recorder({now})};
	const second = (load: {a?: number; b?: number}) => {
		c.t += 1000;
		for (const id of ['a', 'b'] as const) {
			const n = load[id];
			if (n === undefined) continue;
			for (let i = 0; i < n; i++) recorders[id].request('GET', '/items', id === 'a' ? 10 : 100, 10, i % 10 === 0 ? 'HTTP 503' : undefined);
			recorders[id].request('POST', '/cart', 30, 10);
			aggregator.apply(id, recorders[id].takeDelta(c.t));
		}
	};
	return {aggregator, second};
}

void test("a worker's endpoints: its own counts, percentiles and current rate", () => {
	const {aggregator, second} = fleet();
	for (let s = 0; s < 20; s++) second({a: 20, b: 5});
	const a = aggregator.workerEndpointStats('a');
	assert.deepEqual(a.map((e) => `${e.method} ${e.name}`), ['GET /items', 'POST /cart'], 'most requests first');
	assert.equal(a[0]!.requests, 400);
	assert.equal(a[0]!.failures, 40);
	assert.ok(Math.abs(a[0]!.p50Ms - 10) < 0.2 && Math.abs(a[0]!.p99Ms - 10) < 0.2, `a's p50 ${a[0]!.p50Ms}`);
	assert.ok(Math.abs(a[0]!.currentRps - 20) < 0.5, `a's req/s ${a[0]!.currentRps}`);
	const b = aggregator.workerEndpointStats('b');
	assert.equal(b[0]!.requests, 100);
	assert.ok(Math.abs(b[0]!.p95Ms - 100) < 1.5, `b's p95 ${b[0]!.p95Ms}`);
	// The rows add up to the fleet's.
	const fleetItems = aggregator.endpointStats().find((e) => e.name === '/items')!;
	assert.equal(a[0]!.requests + b[0]!.requests, fleetItems.requests);
	assert.deepEqual(aggregator.workerEndpointStats('nobody'), []);
});

void test("every worker's requests per second, one point a settled second", () => {
	const {aggregator, second} = fleet();
	for (let s = 0; s < 10; s++) second({a: 20, b: 5});
	for (let s = 0; s < 10; s++) second({a: 20});
	const history = aggregator.workerRateHistory();
	assert.ok(history.length >= 15, `${history.length} points`);
	const middle = history[5]!;
	assert.ok(Math.abs(middle.rps['a']! - 21) < 1e-6 && Math.abs(middle.rps['b']! - 6) < 1e-6, JSON.stringify(middle));
	assert.equal(history.at(-1)!.rps['b'], 0, 'a silent worker sends nothing');
	// Each point sums to the fleet chart's second.
	const fleetPoints = new Map(aggregator.history().map((p) => [p.time, p.rps]));
	for (const point of history) {
		const sum = Object.values(point.rps).reduce((x, y) => x + y, 0);
		assert.ok(Math.abs(sum - (fleetPoints.get(point.time) ?? 0)) < 1e-6, `second ${point.time}`);
	}
});

void test('a reset forgets the endpoint rows, not the rate history', () => {
	const {aggregator, second} = fleet();
	for (let s = 0; s < 5; s++) second({a: 20});
	const before = aggregator.workerRateHistory().length;
	aggregator.reset();
	assert.deepEqual(aggregator.workerEndpointStats('a'), []);
	second({a: 20});
	assert.equal(aggregator.workerEndpointStats('a')[0]!.requests, 20);
	assert.ok(aggregator.workerRateHistory().length >= before);
});
