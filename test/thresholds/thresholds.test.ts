import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseThreshold, type Threshold } from '../../source/thresholds/parse-threshold.ts';
import { allPassed, evaluateThresholds, thresholdTally } from '../../source/thresholds/evaluate-thresholds.ts';
import { buildThresholds, planThresholdSources } from '../../source/thresholds/threshold-list.ts';
import { ThresholdWatch } from '../../source/thresholds/threshold-watch.ts';
import { formatThresholdTable } from '../../source/report/threshold-table.ts';
import { DroveError } from '../../source/errors.ts';
import { toPercentiles, ZERO_PERCENTILES } from '../../source/stats/percentiles.ts';
import type { EndpointStats } from '../../source/stats/snapshot.ts';

function parsed(text: string): Threshold {
	const t = parseThreshold(text);
	assert.equal(typeof t, 'object', String(t));
	return t as Threshold;
}

function row(method: string, name: string, requests: number, p95 = 0, failures = 0): EndpointStats {
	const percentiles = requests === 0 ? ZERO_PERCENTILES : toPercentiles([p95 / 2, p95 / 2, p95 / 2, p95 / 2, p95 / 2, p95, p95, p95 * 1.5, p95 * 2, p95 * 2, p95 * 2], 0.1, p95 * 2);
	return {
		method, name, requests, failures, failRatio: requests ? failures / requests : 0, avgMs: p95 / 2, minMs: 0.1, maxMs: p95 * 2, medianMs: p95 / 2,
		avgContentBytes: 2, rps: requests / 10, fps: failures / 10, currentRps: 0, currentFps: 0, percentiles, currentPercentiles: ZERO_PERCENTILES,
	};
}

void test('the grammar: [TARGET:] METRIC OP NUMBER', () => {
	assert.deepEqual(parsed('p95 < 300'), { expression: 'p95 < 300', target: { kind: 'aggregated' }, metric: 'p95', op: '<', limit: 300 });
	assert.deepEqual(parsed('failRatio<0.01').metric, 'failRatio');
	assert.deepEqual(parsed('failratio <= 0.01').metric, 'failRatio', 'metric names ignore case');
	assert.deepEqual(parsed('GET /checkout: p99 < 800').target, { kind: 'endpoint', method: 'GET', name: '/checkout' });
	assert.deepEqual(parsed('/checkout: rps > 50').target, { kind: 'endpoint', method: undefined, name: '/checkout' });
	assert.deepEqual(parsed('custom login flow: max <= 2000').target, { kind: 'endpoint', method: 'custom', name: 'login flow' });
	assert.deepEqual(parsed('GET http://x/a: p99.9 >= 1').target, { kind: 'endpoint', method: 'GET', name: 'http://x/a' });
	assert.equal(parsed('p99.9 >= 1e3').limit, 1000);
	assert.deepEqual(parsed('Aggregated: requests > 0').target, { kind: 'aggregated' });
});

void test('bad expressions say what is wrong', () => {
	assert.equal(parseThreshold(''), 'is empty; write it as [TARGET:] METRIC OP NUMBER, like "p95 < 300"');
	assert.match(String(parseThreshold('p95 300')), /^no comparison;/);
	assert.match(String(parseThreshold('p96 < 3')), /^unknown metric "p96" \(did you mean p\d\d\?\); one of p50/);
	assert.match(String(parseThreshold('latency < 3')), /^unknown metric "latency"; one of/);
	assert.equal(parseThreshold('p95 == 3'), '"==" is not a comparison Drove knows; use one of < <= > >=');
	assert.equal(parseThreshold('p95 <'), 'no number after "<"');
	assert.equal(parseThreshold('p95 < 1s'), '"1s": give a plain number of milliseconds, like p95 < 1000');
	assert.equal(parseThreshold('failRatio < 1%'), '"1%": failRatio is a ratio 0..1; write 0.01');
	assert.equal(parseThreshold('failRatio < 5'), 'failRatio is a ratio from 0 to 1, got 5 (for 5% write 0.05)');
	assert.equal(parseThreshold('p95 < abc'), '"abc" is not a number');
	assert.match(String(parseThreshold(' : p95 < 3')), /^nothing before ":"/);
	assert.equal(parseThreshold('< 3'), 'no metric before "<"; one of p50 p66 p75 p80 p90 p95 p98 p99 p99.9 avg min max rps failRatio failures requests');
});

void test('evaluation over a snapshot: pass, fail, no requests, an ambiguous name', () => {
	const snapshot = {
		aggregated: row('', 'Aggregated', 100, 200, 1),
		endpoints: [row('GET', '/a', 60, 100), row('POST', '/a', 40, 300, 1), row('GET', '/never', 0)],
	};
	const results = evaluateThresholds(
		['p95 < 300', 'failRatio < 0.001', 'GET /a: p95 <= 100', '/a: p95 < 1', 'GET /checkout: p99 < 800', '/never: requests >= 0', 'rps > 5'].map(parsed),
		snapshot,
	);
	assert.deepEqual(results.map((r) => [r.ok, r.value]), [[true, 200], [false, 0.01], [true, 100], [false, null], [false, null], [false, null], [true, 10]]);
	assert.equal(results[3]!.problem, '/a has GET and POST requests; name the method, like "GET /a: ..."');
	assert.equal(results[4]!.problem, 'no requests for GET /checkout');
	assert.equal(results[5]!.problem, 'no requests for /never');
	assert.equal(thresholdTally(results), 'thresholds 3/7 FAIL failRatio < 0.001 (1%) +3 more');
	assert.equal(thresholdTally(results.slice(4, 5)), 'thresholds 0/1 FAIL GET /checkout: p99 < 800 (no requests for GET /checkout)');
	assert.equal(thresholdTally(results.slice(0, 1)), 'thresholds 1/1 ok');
	assert.equal(allPassed(results), false);
	assert.equal(thresholdTally([]), '');
	const table = formatThresholdTable(results.slice(0, 2).concat(results[4]!));
	assert.equal(
		table,
		[
			'Thresholds (2 of 3 failed)',
			'Result  Threshold                 Value  Note',
			'pass    p95 < 300                 200ms',
			'FAIL    failRatio < 0.001            1%',
			'FAIL    GET /checkout: p99 < 800      -  no requests for GET /checkout',
		].join('\n'),
	);
});

void test('sources: the plan and the config together, duplicates once, a bad one names its source', () => {
	const sources = [...planThresholdSources(['p95 < 300', 'rps > 1'], 'plan.ts'), { expression: 'p95 < 300', from: '--threshold' }];
	assert.deepEqual(buildThresholds(sources).map((t) => t.expression), ['p95 < 300', 'rps > 1']);
	assert.throws(() => buildThresholds(planThresholdSources(['p95 < 1', 'p9 < 1'], 'plan.ts')), (error: unknown) => {
		assert.ok(error instanceof DroveError);
		assert.equal(error.exitCode, 2);
		assert.match(error.message, /^plan\.ts thresholds\[1\] "p9 < 1": unknown metric "p9"/);
		return true;
	});
	assert.throws(() => planThresholdSources('p95 < 1', 'plan.ts'), /"thresholds" must be an array of strings/);
	assert.deepEqual(planThresholdSources(undefined, 'plan.ts'), []);
});

void test('abort watch: a threshold must fail for the whole grace; no data yet is not a failure', () => {
	const watch = new ThresholdWatch(2000);
	const [p95] = [parsed('p95 < 100')];
	const judge = (p: number, requests = 10) => evaluateThresholds([p95!], { aggregated: row('', 'Aggregated', requests, p), endpoints: [] });
	assert.equal(watch.observe(judge(0, 0), 0), undefined, 'no requests: not failing live');
	assert.equal(watch.observe(judge(0, 0), 5000), undefined);
	assert.equal(watch.observe(judge(200), 6000), undefined, 'failing starts the clock');
	assert.equal(watch.observe(judge(50), 7000), undefined, 'a pass resets it');
	assert.equal(watch.observe(judge(200), 8000), undefined);
	assert.equal(watch.observe(judge(200), 9999), undefined);
	assert.equal(watch.observe(judge(200), 10_000)?.expression, 'p95 < 100');
});
