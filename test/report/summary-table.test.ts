import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatSummaryTable} from '../../source/report/summary-table.ts';
import {formatStatusLine} from '../../source/report/status-line.ts';
import {formatCount, formatElapsed, formatMs, formatPercent} from '../../source/format.ts';
import {Aggregator} from '../../source/stats/aggregator.ts';
import {sampleRun} from './fixtures.ts';

void test('the end-of-run table: every endpoint, the Aggregated row, aligned columns, no NaN', () => {
	const {snapshot, workers} = sampleRun();
	const text = formatSummaryTable(snapshot, workers);
	console.log(text.replace(/^/gm, '# '));
	assert.ok(!/NaN|Infinity|undefined\b(?! *$)/.test(text.replace('x is undefined', '')), 'no NaN');
	assert.ok(text.endsWith('\n'), 'ends with a newline');
	const [table] = text.split('\n\n');
	const lines = table!.split('\n');
	const header = lines[0]!;
	assert.match(header, /^Type +Name +Requests +Fails +Fail % +Median ms +p95 ms +p99 ms +Max ms +req\/s$/);
	// Right-aligned columns end where their title ends, on every row.
	const ends = ['Requests', 'Fails', 'Median ms', 'req/s'].map((title) => header.indexOf(title) + title.length);
	for (const line of lines.slice(1)) {
		if (/^-+$/.test(line)) {
			assert.equal(line.length, header.length, 'separator spans the table');
			continue;
		}
		for (const end of ends) assert.match(line[end - 1]!, /\S/, `a cell ends at column ${end}: ${line}`);
		assert.equal(line.length, header.length, `right-aligned last column: ${line}`);
	}
	const total = lines[lines.length - 1]!;
	assert.match(total, /^ +Aggregated +2,100 +20 +0\.95%/);
	assert.ok(lines.some((l) => /^GET +\/item\/\[id\] +1,000 +20 +2% +12\.5 +250 +250 +250 +50\.00$/.test(l)), 'item row');
	assert.match(text, /\nWorkers\nWorker +State +Users/);
	assert.match(text, /worker-c +missing +0 +0 +0 +0% +0\.00 +- +- +- +3 +70/);
	assert.match(text, /\nFailures\nOccurrences +Type +Name +Error\n +20 +GET +\/item\/\[id\] +HTTP 503: Service "Unavailable", retry/);
	assert.match(text, /\nExceptions\nCount +Message +Where +Workers\n +1 +TypeError: x is undefined +\/plans\/shop\.ts:12:5 +worker-b/);
});

void test('an empty run prints a sane table without optional sections', () => {
	const text = formatSummaryTable(new Aggregator({now: () => 0}).snapshot());
	assert.ok(!/NaN|Infinity/.test(text), 'no NaN');
	assert.ok(!text.includes('Workers') && !text.includes('Failures') && !text.includes('Exceptions'), 'no empty sections');
	assert.match(text, /Aggregated +0 +0 +0% +0 +0 +0 +0 +0\.00\n$/);
});

void test('long and multi-line names are cut to one line', () => {
	const {aggregator} = sampleRun();
	const snap = aggregator.snapshot();
	snap.endpoints[0]!.name = `/very/${'long/'.repeat(30)}\nname`;
	const text = formatSummaryTable(snap);
	for (const line of text.split('\n')) assert.ok(line.length < 200, `line length ${line.length}`);
	assert.match(text, /\/very\/long\/.*\.\.\. /);
});

void test('the status line', () => {
	const {snapshot} = sampleRun();
	const line = formatStatusLine(snapshot.aggregated, {elapsedMs: 12_345, users: 50, targetUsers: 50, workers: 2});
	assert.match(line, /^12s {2}users 50\/50 {2}105\.00 req\/s {2}0\.95% fail {2}p50 12\.5ms {2}p95 33\.5ms {2}workers 2$/);
	// A stalled target: the window is empty and says so, instead of showing the whole run.
	const stalled = {...snapshot.aggregated, currentRps: 0, currentFps: 0, currentPercentiles: {...snapshot.aggregated.currentPercentiles, '50': 0, '95': 0}};
	assert.match(formatStatusLine(stalled, {elapsedMs: 60_000, users: 50, targetUsers: 50, workers: 2}), / 0\.00 req\/s {2}0% fail {2}p50 0ms/);
	// The first seconds: the whole run stands in.
	assert.match(formatStatusLine(stalled, {elapsedMs: 2_000, users: 5, targetUsers: 50, workers: 2}), / 105\.00 req\/s /);
	assert.ok(!line.includes('\n'), 'one line');
	const empty = new Aggregator({now: () => 0}).aggregatedStats();
	assert.equal(formatStatusLine(empty, {elapsedMs: 0, users: 0, targetUsers: 10, workers: 0}), '0s  users 0/10  0.00 req/s  0% fail  p50 0ms  p95 0ms  workers 0');
	assert.equal(
		formatStatusLine(empty, {elapsedMs: 0, users: 0, targetUsers: 10, workers: 0, shape: 'stage 1/3 · 1m left · next target 0 users', thresholds: 'thresholds 4/4 ok'}),
		'0s  users 0/10  0.00 req/s  0% fail  p50 0ms  p95 0ms  workers 0  stage 1/3 · 1m left · next target 0 users  thresholds 4/4 ok',
	);
});

void test('formatting rules', () => {
	assert.deepEqual([0.004, 0.42, 2.144, 9.999, 12.34, 99.96, 123.4, 4567.8, Number.NaN, -1].map(formatMs), ['0.00', '0.42', '2.14', '10.0', '12.3', '100', '123', '4568', '0', '0']);
	assert.deepEqual([0, 0.00001, 0.0004, 0.0095, 0.125, 0.5, 0.9996, 1].map(formatPercent), ['0%', '<0.01%', '0.04%', '0.95%', '12.5%', '50%', '99.9%', '100%']);
	assert.deepEqual([1234567, 0, Number.NaN].map(formatCount), ['1,234,567', '0', '0']);
	assert.deepEqual([0, 45_000, 725_000, 3_723_000].map(formatElapsed), ['0s', '45s', '12m05s', '1h02m03s']);
});

void test('in an 80-column terminal every table fits: columns drop by priority, names shrink', () => {
	const {snapshot, workers} = sampleRun();
	snapshot.endpoints[0]!.name = `/a/rather/long/endpoint/name/${'x'.repeat(40)}`;
	const text = formatSummaryTable(snapshot, workers, 80);
	console.log(text.replace(/^/gm, '# '));
	for (const line of text.split('\n')) assert.ok(line.length <= 80, `${line.length} > 80: ${line}`);
	const [endpoints, workerTable] = text.split('\n\n');
	assert.match(endpoints!.split('\n')[0]!, /^Type +Name +Requests +Fails .*p95 ms .*req\/s$/, 'the never-dropped columns stay');
	assert.doesNotMatch(endpoints!, /Max ms/, 'Max ms goes first');
	assert.match(endpoints!, /\/a\/rather\/long\/\S*\.\.\. /);
	assert.match(workerTable!, /^Workers\nWorker +.*Users +Requests +Fails +.*req\/s +.*p95 ms/);
	// Wide enough, nothing is dropped.
	assert.equal(formatSummaryTable(snapshot, workers, 400), formatSummaryTable(snapshot, workers));
});
