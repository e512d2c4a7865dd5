import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Aggregator, LIMITS, OVERFLOW_ERROR, OVERFLOW_NAME, StatsDeltaError} from '../../source/stats/aggregator.ts';
import {Recorder} from '../../source/stats/recorder.ts';
import type {StatsDelta} from '../../source/stats/stats-delta.ts';
import type {EndpointStats} from '../../source/stats/snapshot.ts';

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A settable clock. */
function clock(start = 1_700_000_000_000) {
	const c = {t: start, now: () => c.t};
	return c;
}

function sameExceptAvg(a: EndpointStats, b: EndpointStats, label: string): void {
	assert.equal(a.requests, b.requests, `${label} requests`);
	assert.equal(a.failures, b.failures, `${label} failures`);
	assert.equal(a.minMs, b.minMs, `${label} min`);
	assert.equal(a.maxMs, b.maxMs, `${label} max`);
	assert.deepEqual(a.percentiles, b.percentiles, `${label} percentiles`);
	assert.deepEqual(a.currentPercentiles, b.currentPercentiles, `${label} current percentiles`);
	assert.ok(Math.abs(a.avgMs - b.avgMs) <= 1e-9 * Math.max(1, a.avgMs), `${label} avg`);
	assert.equal(a.avgContentBytes, b.avgContentBytes, `${label} content`);
}

void test('randomised: deltas of several recorders merge to exactly what one recorder fed the union gives', () => {
	for (let seed = 1; seed <= 20; seed++) {
		const rand = random(seed);
		const c = clock();
		const workers = 1 + Math.floor(rand() * 6);
		const recorders = Array.from({length: workers}, () => new Recorder({now: c.now}));
		const union = new Recorder({now: c.now});
		const merged = new Aggregator({now: c.now});
		const single = new Aggregator({now: c.now});
		const names = ['/', '/a', '/b/[id]', '/c'];
		const methods = ['GET', 'POST'];
		const rounds = 1 + Math.floor(rand() * 5);
		for (let round = 0; round < rounds; round++) {
			const n = Math.floor(rand() * 3000);
			for (let i = 0; i < n; i++) {
				const method = methods[Math.floor(rand() * methods.length)]!;
				const name = names[Math.floor(rand() * names.length)]!;
				// Heavy-tailed latencies from 1 µs to minutes, some exact zeros.
				const ms = rand() < 0.01 ? 0 : Math.exp(rand() * 18 - 7);
				const bytes = Math.floor(rand() * 10_000);
				const error = rand() < 0.05 ? `HTTP ${500 + Math.floor(rand() * 3)}` : undefined;
				recorders[Math.floor(rand() * workers)]!.request(method, name, ms, bytes, error);
				union.request(method, name, ms, bytes, error);
				if (rand() < 0.01) {
					recorders[0]!.exception('boom', 'trace');
					union.exception('boom', 'trace');
				}
			}
			c.t += 1000;
			recorders.forEach((r, w) => merged.apply(`w${w}`, r.takeDelta()));
			single.apply('one', union.takeDelta());
		}
		const a = merged.snapshot();
		const b = single.snapshot();
		assert.equal(a.endpoints.length, b.endpoints.length);
		a.endpoints.forEach((e, i) => sameExceptAvg(e, b.endpoints[i]!, `seed ${seed} ${e.method} ${e.name}`));
		sameExceptAvg(a.aggregated, b.aggregated, `seed ${seed} aggregated`);
		assert.deepEqual(
			a.errors.map((e) => `${e.method} ${e.name} ${e.error} ${e.occurrences}`).sort(),
			b.errors.map((e) => `${e.method} ${e.name} ${e.error} ${e.occurrences}`).sort(),
		);
		assert.equal(a.exceptions[0]?.count, b.exceptions[0]?.count);
		// Per worker rows add up to the total.
		assert.equal(a.workers.reduce((s, w) => s + w.requests, 0), a.aggregated.requests);
		assert.equal(a.workers.reduce((s, w) => s + w.failures, 0), a.aggregated.failures);
		// A lone worker's row (its sparse histograms) is exactly the total row (the dense ones).
		if (b.aggregated.requests > 0) sameExceptAvg({method: '', name: '', ...b.workers[0]!}, b.aggregated, `seed ${seed} lone worker`);
	}
});

void test('a known mix through the whole pipe: 90 % at 20 ms, 10 % at 200 ms', () => {
	const c = clock();
	const agg = new Aggregator({now: c.now});
	for (let w = 0; w < 3; w++) {
		const r = new Recorder({now: c.now});
		for (let i = 0; i < 3000; i++) r.request('GET', '/', i % 10 === 0 ? 200 : 20, 10);
		c.t += 1000;
		agg.apply(`w${w}`, r.takeDelta());
	}
	const row = agg.aggregatedStats();
	assert.equal(row.requests, 9000);
	assert.ok(Math.abs(row.percentiles['50'] - 20) <= 0.2, `p50 ${row.percentiles['50']}`);
	assert.ok(Math.abs(row.percentiles['95'] - 200) <= 2, `p95 ${row.percentiles['95']}`);
	assert.equal(row.percentiles['100'], 200);
	assert.equal(row.minMs, 20);
	assert.ok(Math.abs(row.avgMs - 38) < 1e-9, 'Math.abs(row.avgMs - 38) < 1e-9');
});

/** One worker sending `perSecond` requests at `ms` each second for `seconds`. */
function feed(agg: Aggregator, c: {t: number}, source: string, seconds: number, perSecond: number, ms: number, fail = 0): void {
	const r = new Recorder({now: () => c.t});
	for (let s = 0; s < seconds; s++) {
		for (let i = 0; i < perSecond; i++) r.request('GET', '/x', ms, 100, i < fail ? 'HTTP 500' : undefined);
		c.t += 1000;
		agg.apply(source, r.takeDelta());
	}
}

void test('whole-run and current-window rates and percentiles follow the injected clock', () => {
	const c = clock(1_700_000_000_000); // on a second boundary
	const agg = new Aggregator({now: () => c.t});
	feed(agg, c, 'w1', 30, 100, 10, 5);
	let row = agg.aggregatedStats();
	assert.equal(row.requests, 3000);
	assert.ok(Math.abs(row.rps - 100) < 1e-9, `rps ${row.rps}`);
	assert.ok(Math.abs(row.fps - 5) < 1e-9, `fps ${row.fps}`);
	assert.ok(Math.abs(row.currentRps - 100) < 1e-9, `current rps ${row.currentRps}`);
	assert.ok(Math.abs(row.currentFps - 5) < 1e-9, `current fps ${row.currentFps}`);

	// The target slows down: the window sees it, the whole run barely.
	// 12 s: the window is the 10 whole seconds ending 2 s ago.
	feed(agg, c, 'w1', 12, 200, 100);
	row = agg.aggregatedStats();
	assert.ok(Math.abs(row.currentPercentiles['50'] - 100) <= 1, `current p50 ${row.currentPercentiles['50']}`);
	assert.ok(Math.abs(row.percentiles['50'] - 10) <= 0.1, `p50 ${row.percentiles['50']}`);
	assert.ok(Math.abs(row.currentRps - 200) < 1e-9, `current rps ${row.currentRps}`);
	assert.ok(Math.abs(row.rps - 5400 / 42) < 1e-9, `rps ${row.rps}`);

	// Silence: the window empties, the totals stay.
	c.t += 13_000;
	row = agg.aggregatedStats();
	assert.equal(row.currentRps, 0);
	assert.equal(row.currentPercentiles['50'], 0);
	assert.equal(row.requests, 5400);
	assert.ok(Math.abs(row.rps - 5400 / 42) < 1e-9, 'whole-run rate divides by the time to the last delta');
});

void test('deltas off the second boundary are spread over the seconds they cover', () => {
	const c = clock(1_700_000_000_500);
	const agg = new Aggregator({now: () => c.t});
	feed(agg, c, 'w1', 20, 50, 1);
	const row = agg.aggregatedStats();
	assert.ok(Math.abs(row.currentRps - 50) < 1e-6, `current rps ${row.currentRps}`);
	// A young run: 3 s in, the window covers only the time since the start.
	const young = new Aggregator({now: () => c.t});
	feed(young, c, 'w1', 3, 50, 1);
	const y = young.aggregatedStats();
	assert.ok(Math.abs(y.currentRps - 50) < 1e-6, `young current rps ${y.currentRps}`);
});

void test('per-worker rows: own rates from their own start, sums equal the total', () => {
	const c = clock();
	const agg = new Aggregator({now: () => c.t});
	const a = new Recorder({now: () => c.t});
	// b joins at 10 s: its recorder starts then.
	let b = new Recorder({now: () => c.t});
	for (let s = 0; s < 20; s++) {
		if (s === 10) b = new Recorder({now: () => c.t});
		for (let i = 0; i < 40; i++) a.request('GET', '/', 5, 1);
		if (s >= 10) for (let i = 0; i < 10; i++) b.request('GET', '/', 50, 1, 'HTTP 503');
		c.t += 1000;
		agg.apply('a', a.takeDelta());
		if (s >= 10) agg.apply('b', b.takeDelta());
	}
	const [wa, wb] = agg.workerStats();
	assert.equal(wa!.id, 'a');
	assert.equal(wb!.id, 'b');
	assert.equal(wa!.requests + wb!.requests, agg.aggregatedStats().requests);
	assert.ok(Math.abs(wa!.rps - 40) < 1e-9, 'Math.abs(wa!.rps - 40) < 1e-9');
	assert.ok(Math.abs(wb!.rps - 10) < 1e-9, `joined late, rate from its own start: ${wb!.rps}`);
	assert.equal(wb!.failRatio, 1);
	assert.ok(Math.abs(wb!.percentiles['50'] - 50) <= 0.5, "Math.abs(wb!.percentiles['50'] - 50) <= 0.5");
	assert.ok(Math.abs(wb!.currentRps - 10) < 1e-9, 'Math.abs(wb!.currentRps - 10) < 1e-9');
	assert.deepEqual(agg.workerStats().map((w) => w.id), ['a', 'b'], 'no row for a worker that never sent a delta');
});

void test('errors and exceptions are grouped, with the workers they came from', () => {
	const c = clock();
	const agg = new Aggregator({now: () => c.t});
	const delta = (n: number): StatsDelta => ({
		startedAt: c.t - 1000,
		endedAt: c.t,
		endpoints: [],
		errors: [{method: 'GET', name: '/', error: 'ECONNREFUSED', occurrences: n}],
		exceptions: [{message: 'TypeError: x is undefined', traceback: `at line ${n}`, count: n}],
	});
	agg.apply('w2', delta(2));
	agg.apply('w1', delta(3));
	assert.deepEqual(agg.errorStats(), [{method: 'GET', name: '/', error: 'ECONNREFUSED', occurrences: 5}]);
	assert.deepEqual(agg.exceptionStats(), [{message: 'TypeError: x is undefined', traceback: 'at line 2', count: 5, sources: ['w1', 'w2']}]);
});

void test('reset forgets the stats and restarts the run clock; the chart goes on', () => {
	const c = clock();
	const agg = new Aggregator({now: () => c.t});
	agg.recordUsers(10);
	feed(agg, c, 'w1', 10, 20, 3, 1);
	agg.apply('w1', {startedAt: c.t, endedAt: c.t, endpoints: [], errors: [], exceptions: [{message: 'm', traceback: 't', count: 1}]});
	const before = agg.history().length;
	assert.ok(before > 0, 'history before reset');
	agg.reset();
	let s = agg.snapshot();
	assert.equal(s.aggregated.requests, 0);
	assert.equal(s.aggregated.rps, 0);
	assert.equal(s.aggregated.percentiles['99'], 0);
	assert.deepEqual(s.endpoints, []);
	assert.deepEqual(s.errors, []);
	assert.deepEqual(s.exceptions, []);
	assert.deepEqual(s.workers, []);
	assert.equal(s.startedAt, c.t);
	feed(agg, c, 'w1', 5, 20, 3);
	s = agg.snapshot();
	assert.equal(s.aggregated.requests, 100);
	assert.ok(Math.abs(s.aggregated.rps - 20) < 1e-9, 'Math.abs(s.aggregated.rps - 20) < 1e-9');
	assert.ok(agg.history().length === before + 5, `history goes on: ${agg.history().length} after ${before}`);
	// Nothing in the snapshot is NaN or infinite, and it survives JSON.
	assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
});

void test('chart history: one settled point a second with users, rps and that second\'s p50/p95', () => {
	const c = clock();
	const agg = new Aggregator({now: () => c.t, historySeconds: 50});
	assert.deepEqual(agg.history(), []);
	const r = new Recorder({now: () => c.t});
	for (let s = 0; s < 80; s++) {
		agg.recordUsers(s < 40 ? 10 : 20);
		for (let i = 0; i < 100; i++) r.request('GET', '/', s < 40 ? 10 : 100, 1, i < 2 ? 'x' : undefined);
		c.t += 1000;
		agg.apply('w', r.takeDelta());
	}
	const points = agg.history();
	assert.ok(points.length >= 50 && points.length <= 52, `capped: ${points.length}`);
	for (let i = 1; i < points.length; i++) assert.equal(points[i]!.time - points[i - 1]!.time, 1000);
	const last = points[points.length - 1]!;
	assert.ok(last.time <= c.t - 2000, 'settled seconds only');
	assert.equal(last.users, 20);
	assert.ok(Math.abs(last.rps - 100) < 1e-9, 'Math.abs(last.rps - 100) < 1e-9');
	assert.ok(Math.abs(last.fps - 2) < 1e-9, 'Math.abs(last.fps - 2) < 1e-9');
	assert.ok(Math.abs(last.p50Ms - 100) <= 1, 'Math.abs(last.p50Ms - 100) <= 1');
	const early = points.find((p) => p.time === 1_700_000_000_000 + 35_000)!;
	assert.equal(early.users, 10);
	assert.ok(Math.abs(early.p95Ms - 10) <= 0.1, 'Math.abs(early.p95Ms - 10) <= 0.1');
});

void test('chart history: target users, p99, and each worker\'s requests per second aligned with the points', () => {
	const c = clock();
	const agg = new Aggregator({now: () => c.t, historySeconds: 30});
	const a = new Recorder({now: () => c.t});
	const b = new Recorder({now: () => c.t});
	for (let s = 0; s < 50; s++) {
		agg.recordUsers(s < 20 ? 5 : 10, s < 20 ? 10 : 20);
		for (let i = 0; i < 100; i++) a.request('GET', '/', i === 99 ? 500 : 10, 1);
		// b joins late and sends 30 a second.
		if (s >= 25) for (let i = 0; i < 30; i++) b.request('GET', '/', 10, 1);
		c.t += 1000;
		agg.apply('a', a.takeDelta());
		if (s >= 25) agg.apply('b', b.takeDelta());
	}
	const points = agg.history();
	const workers = agg.workerHistory();
	assert.deepEqual([...workers.keys()].sort(), ['a', 'b']);
	for (const row of workers.values()) assert.equal(row.length, points.length, 'one value per point');
	const last = points.at(-1)!;
	assert.equal(last.targetUsers, 20);
	assert.ok(last.p99Ms >= last.p95Ms, 'p99 >= p95');
	assert.equal(workers.get('a')!.at(-1), 100);
	assert.equal(workers.get('b')!.at(-1), 30);
	// Each second's worker counts add up to the total's.
	for (let i = 0; i < points.length; i++) assert.equal(workers.get('a')![i]! + workers.get('b')![i]!, points[i]!.rps, `second ${i}`);
	assert.ok(workers.get('b')!.includes(0), 'zeros before b joined');
});

void test('a bad delta is refused whole: nothing of it is applied', () => {
	const c = clock();
	const agg = new Aggregator({now: () => c.t});
	const r = new Recorder({now: () => c.t});
	r.request('GET', '/ok', 1, 1);
	r.request('GET', '/bad', 1, 1);
	c.t += 1000;
	const good = r.takeDelta();
	const corrupt = structuredClone(good);
	corrupt.endpoints[1]!.histogram = 'garbage';
	assert.throws(() => agg.apply('w', corrupt), StatsDeltaError);
	const lying = structuredClone(good);
	lying.endpoints[0]!.requests = 5;
	assert.throws(() => agg.apply('w', lying), StatsDeltaError);
	const negative = structuredClone(good);
	negative.endpoints[0]!.failures = -1;
	assert.throws(() => agg.apply('w', negative), StatsDeltaError);
	assert.equal(agg.aggregatedStats().requests, 0);
	assert.deepEqual(agg.workerStats(), []);
	agg.apply('w', good);
	assert.equal(agg.aggregatedStats().requests, 2);
});

// What merging costs (once the timed 'cost: 200 workers' test here) is measured in bench/, side
// by side with another commit: `npm run bench -- inbound-cost --part aggregator --workers 200`.
void test('200 workers x 10 endpoints for 5 s: every request counted once', () => {
	const c = clock();
	const agg = new Aggregator({now: () => c.t});
	const rand = random(5);
	const r = new Recorder({now: () => c.t});
	// Realistic deltas: ~100 requests an endpoint a second, log-normal-ish latencies.
	const deltas: StatsDelta[] = [];
	for (let d = 0; d < 20; d++) {
		for (let e = 0; e < 10; e++) for (let i = 0; i < 100; i++) r.request('GET', `/e${e}`, Math.exp(1 + rand() * 3), 1000);
		c.t += 1000;
		deltas.push(r.takeDelta());
	}
	const seconds = 5;
	for (let s = 0; s < seconds; s++) {
		c.t += 1000;
		for (let w = 0; w < 200; w++) agg.apply(`worker-${w}`, deltas[(w + s) % deltas.length]!);
		agg.snapshot();
	}
	assert.equal(agg.aggregatedStats().requests, seconds * 200 * 1000);
	assert.equal(agg.workerStats().length, 200);
	for (const e of agg.endpointStats()) assert.equal(e.requests, seconds * 200 * 100);
});

void test('distinct names, errors and exceptions are bounded; the overflow rows keep the counts', (t) => {
	const saved = {...LIMITS};
	Object.assign(LIMITS, {endpoints: 3, errors: 2, exceptions: 2});
	t.after(() => Object.assign(LIMITS, saved));
	const c = clock();
	const agg = new Aggregator({now: () => c.t});
	const r = new Recorder({now: () => c.t});
	for (let i = 0; i < 10; i++) {
		r.request('GET', `/item/${i}`, 1, 1, `HTTP 500 at ${i}`);
		r.exception(`boom ${i}`, 'at x');
	}
	c.t += 1000;
	agg.apply('w', r.takeDelta());
	const s = agg.snapshot();
	assert.equal(s.endpoints.length, 4);
	assert.equal(s.endpoints.find((e) => e.name === OVERFLOW_NAME)?.requests, 7);
	assert.equal(s.aggregated.requests, 10);
	assert.equal(s.errors.length, 3);
	assert.equal(s.errors.reduce((n, e) => n + e.occurrences, 0), 10);
	assert.equal(s.errors.find((e) => e.error === OVERFLOW_ERROR)?.occurrences, 8);
	assert.equal(s.exceptions.length, 3);
	assert.equal(s.exceptions.find((x) => x.message === OVERFLOW_ERROR)?.count, 8);
});
