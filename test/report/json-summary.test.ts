import {test} from 'node:test';
import assert from 'node:assert/strict';
import {buildJsonSummary, formatJsonSummary, JSON_PERCENTILE_KEYS, JSON_SUMMARY_SCHEMA_VERSION, type RunInfo} from '../../source/report/json-summary.ts';
import {PERCENTILE_KEYS} from '../../source/stats/percentiles.ts';
import {RUN, sampleRun} from './fixtures.ts';

const run: RunInfo = RUN;

const seriesKeys = ['requests', 'failures', 'failRatio', 'rps', 'fps', 'avgMs', 'minMs', 'medianMs', 'maxMs', 'avgContentBytes', 'percentiles'];

void test('the JSON summary has the documented shape', () => {
	const {snapshot, workers} = sampleRun();
	const text = formatJsonSummary(buildJsonSummary(snapshot, run, workers));
	assert.ok(text.endsWith('}\n'), 'one document and a newline');
	const doc = JSON.parse(text);
	assert.equal(doc.schemaVersion, JSON_SUMMARY_SCHEMA_VERSION);
	assert.deepEqual(Object.keys(doc), ['schemaVersion', 'run', 'aggregated', 'endpoints', 'errors', 'exceptions', 'workers', 'history', 'workerHistory', 'timeline']);
	assert.deepEqual(doc.run, {
		startedAt: '2023-11-14T22:13:20.000Z',
		endedAt: '2023-11-14T22:13:40.000Z',
		durationSeconds: 20,
		host: 'http://127.0.0.1:8080',
		plan: 'plans/shop.ts',
		targetUsers: 10,
		peakUsers: 10,
		spawnRate: 5,
		exitCode: 1,
		stopReason: 'run-time',
		stopDetail: null,
		shape: null,
	});
	assert.equal(doc.thresholds, undefined, 'no thresholds: no field (present only when the run had thresholds)');
	assert.deepEqual(doc.timeline, []);
	assert.deepEqual(Object.keys(doc.aggregated), ['method', 'name', ...seriesKeys]);
	assert.equal(doc.aggregated.method, '');
	assert.equal(doc.aggregated.name, 'Aggregated');
	assert.equal(doc.aggregated.requests, 2100);
	assert.deepEqual(Object.keys(doc.aggregated.percentiles), PERCENTILE_KEYS.map((k) => `p${k}`));
	assert.deepEqual(Object.keys(doc.aggregated.percentiles), JSON_PERCENTILE_KEYS);
	assert.equal(doc.aggregated.percentiles.p100, 250);
	assert.equal(doc.aggregated.percentiles['p99.9'], 250);
	assert.equal(doc.endpoints.length, 3);
	for (const e of doc.endpoints) assert.deepEqual(Object.keys(e), ['method', 'name', ...seriesKeys]);
	assert.deepEqual(doc.errors, [{method: 'GET', name: '/item/[id]', error: 'HTTP 503: Service "Unavailable", retry', occurrences: 20}]);
	assert.equal(doc.exceptions[0].count, 1);
	assert.deepEqual(doc.exceptions[0].workers, ['worker-b']);
	assert.deepEqual(Object.keys(doc.exceptions[0]), ['message', 'traceback', 'count', 'workers']);
	assert.deepEqual(
		doc.workers.map((w: {id: string; state: string; requests: number}) => [w.id, w.state, w.requests]),
		[['worker-a', 'running', 1000], ['worker-b', 'running', 1100], ['worker-c', 'missing', 0]],
	);
	assert.deepEqual(Object.keys(doc.workers[0]), ['id', 'state', 'users', 'cpuPercent', 'memoryMb', ...seriesKeys]);
	assert.equal(doc.workers[1].cpuPercent, null);
	// Numbers only, never null where a number is documented, never NaN (JSON would turn it into null).
	const walk = (v: unknown, path: string): void => {
		if (typeof v === 'number') assert.ok(Number.isFinite(v), path);
		else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
		else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
	};
	walk(doc, '$');
});

void test('ms keep microseconds, rates 3 decimals', () => {
	const {snapshot} = sampleRun();
	const doc = buildJsonSummary(snapshot, run);
	const fast = doc.endpoints.find((e) => e.name === '/')!;
	assert.equal(fast.minMs, 0.4);
	assert.ok(fast.avgMs > 0.4 && fast.avgMs < 0.5, `avg ${fast.avgMs}`);
	assert.equal(String(fast.avgMs).split('.')[1]!.length <= 3, true);
	assert.deepEqual(doc.workers, []);
});

void test('history, per-worker history and thresholds are added fields; thresholds only when the run had any', () => {
	const {snapshot, workers, aggregator} = sampleRun();
	const history = aggregator.history();
	const record = {history, workerHistory: aggregator.workerHistory()};
	const doc = buildJsonSummary(snapshot, run, workers, record);
	assert.equal(doc.schemaVersion, 1);
	assert.equal(doc.thresholds, undefined);
	assert.ok(doc.history!.length >= 15, `points: ${doc.history!.length}`);
	assert.deepEqual(Object.keys(doc.history![0]!), ['time', 'users', 'targetUsers', 'rps', 'fps', 'p50Ms', 'p95Ms', 'p99Ms']);
	assert.equal(doc.history![0]!.time, new Date(history[0]!.time).toISOString());
	assert.deepEqual(doc.workerHistory!.map((w) => w.id), ['worker-a', 'worker-b']);
	for (const w of doc.workerHistory!) assert.equal(w.requests.length, doc.history!.length);
	const judged = buildJsonSummary(snapshot, {...run, thresholds: [
		{expression: 'p95 < 300', target: 'Aggregated', metric: 'p95', op: '<', limit: 300, value: 250, ok: true},
		{expression: 'GET /x: p99 < 1', target: 'GET /x', metric: 'p99', op: '<', limit: 1, value: null, ok: false, problem: 'no requests for GET /x'},
	]}, workers, record);
	// One thresholds field: the verdict the HTML report, JUnit and /metrics read, with the expression's parts.
	assert.deepEqual(judged.thresholds![1], {expression: 'GET /x: p99 < 1', target: 'GET /x', metric: 'p99', op: '<', limit: 1, value: null, ok: false, message: 'no requests for GET /x'});
	assert.deepEqual(JSON.parse(JSON.stringify(judged)).thresholds.length, 2);
});

void test('thresholds, the stop detail, the shape and the per-second timeline are added fields', () => {
	const {snapshot} = sampleRun();
	const startedAt = 1_700_000_000_000;
	const doc = buildJsonSummary(snapshot, {
		startedAt, endedAt: startedAt + 3000, host: null, targetUsers: 0, peakUsers: 4, spawnRate: 2, exitCode: 4, stopReason: 'threshold', plan: null,
		stopDetail: 'threshold "p95 < 1" failed for 10s (p95 3ms)',
		shape: 'stages',
		thresholds: [{expression: 'p95 < 1', target: 'Aggregated', metric: 'p95', op: '<', limit: 1, value: 3, ok: false}],
		timeline: [{time: startedAt + 1000, users: 2, targetUsers: 4, rps: 10}, {time: startedAt + 2000, users: 4, targetUsers: 4, rps: 21}],
	});
	assert.equal(doc.run.stopDetail, 'threshold "p95 < 1" failed for 10s (p95 3ms)');
	assert.equal(doc.run.shape, 'stages');
	assert.deepEqual(doc.thresholds, [{expression: 'p95 < 1', target: 'Aggregated', metric: 'p95', op: '<', limit: 1, value: 3, ok: false}]);
	assert.deepEqual(doc.timeline, [{second: 1, users: 2, targetUsers: 4, rps: 10}, {second: 2, users: 4, targetUsers: 4, rps: 21}]);
});
