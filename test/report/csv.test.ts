import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {
	EXCEPTIONS_CSV_HEADER,
	FAILURES_CSV_HEADER,
	STATS_CSV_HEADER,
	STATS_HISTORY_CSV_HEADER,
	WORKERS_CSV_HEADER,
	statsCsv,
	statsHistoryCsvRows,
} from '../../source/report/csv.ts';
import {CsvReportWriter} from '../../source/report/csv-writer.ts';
import {DroveError} from '../../source/errors.ts';
import {parseCsv, sampleRun, START} from './fixtures.ts';

// Copied from the issues (Locust's columns, and issue 3 for workers): string equality, no tolerance.
const LOCUST_STATS =
	'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%';
const LOCUST_HISTORY =
	'Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size,Target Users';
const LOCUST_FAILURES = 'Method,Name,Error,Occurrences';
const LOCUST_EXCEPTIONS = 'Count,Message,Traceback,Nodes';
const DROVE_WORKERS = 'Worker,State,Users,Request Count,Failure Count,Requests/s,50%,95%,99%,CPU %,Memory MB';

void test('headers are exactly Locust\'s (history adds Target Users last; workers are issue 3\'s)', () => {
	assert.equal(STATS_CSV_HEADER, LOCUST_STATS);
	assert.equal(STATS_HISTORY_CSV_HEADER, LOCUST_HISTORY);
	assert.equal(FAILURES_CSV_HEADER, LOCUST_FAILURES);
	assert.equal(EXCEPTIONS_CSV_HEADER, LOCUST_EXCEPTIONS);
	assert.equal(WORKERS_CSV_HEADER, DROVE_WORKERS);
});

void test('the five files: headers on line 1, values round-trip through quoting', async (t) => {
	const dir = await mkdtemp(join(tmpdir(), 'drove-csv-'));
	t.after(() => rm(dir, {recursive: true, force: true}));
	const {snapshot, workers, aggregator, clock} = sampleRun();
	const csv = new CsvReportWriter(join(dir, 'sub', 'run'));
	await csv.start();
	csv.appendHistory(snapshot, 10);
	clock.t += 1000;
	csv.appendHistory(aggregator.snapshot(), 12);
	await csv.writeFinal(snapshot, workers);

	const read = async (path: string) => {
		const text = await readFile(path, 'utf8');
		assert.ok(text.endsWith('\n'), `${path} ends with a newline`);
		assert.ok(!/NaN|Infinity|,undefined,/.test(text), `${path} has no NaN`);
		return parseCsv(text);
	};

	const stats = await read(csv.paths.stats);
	assert.equal(stats[0]!.join(','), LOCUST_STATS);
	assert.equal(stats.length, 1 + snapshot.endpoints.length + 1);
	for (const row of stats) assert.equal(row.length, 22, 'every stats row has 22 cells');
	const login = stats.find((r) => r[1] === '/login, then "home"')!;
	assert.deepEqual(login.slice(0, 4), ['POST', '/login, then "home"', '100', '0']);
	assert.equal(login[4], '33.3', 'median with decimals, not rounded to whole ms');
	const fast = stats.find((r) => r[1] === '/')!;
	assert.equal(fast[6], '0.40', 'min under 1 ms keeps 2 decimals');
	assert.equal(fast[10], '0.00');
	const total = stats[stats.length - 1]!;
	assert.deepEqual(total.slice(0, 4), ['', 'Aggregated', String(snapshot.aggregated.requests), String(snapshot.aggregated.failures)]);
	assert.equal(Number(total[9]), Number(snapshot.aggregated.rps.toFixed(2)));
	assert.equal(total[21], '250', '100% is the exact max');

	const history = await read(csv.paths.history);
	assert.equal(history[0]!.join(','), LOCUST_HISTORY);
	assert.equal(history.length, 3);
	assert.deepEqual(history[1]!.slice(0, 4), [String(Math.floor((START + 20_000) / 1000)), '10', '', 'Aggregated']);
	assert.equal(history[2]![1], '12');
	for (const row of history) assert.equal(row.length, 25, "Locust's 24 columns and Target Users");

	const failures = await read(csv.paths.failures);
	assert.equal(failures[0]!.join(','), LOCUST_FAILURES);
	assert.deepEqual(failures[1], ['GET', '/item/[id]', 'HTTP 503: Service "Unavailable", retry', '20']);

	const exceptions = await read(csv.paths.exceptions);
	assert.equal(exceptions[0]!.join(','), LOCUST_EXCEPTIONS);
	assert.equal(exceptions[1]![0], '1');
	assert.equal(exceptions[1]![1], 'TypeError: x is undefined');
	assert.match(exceptions[1]![2]!, /at task \(\/plans\/shop\.ts:12:5\)\n/);
	assert.equal(exceptions[1]![3], 'worker-b');

	const workerRows = await read(csv.paths.workers);
	assert.equal(workerRows[0]!.join(','), DROVE_WORKERS);
	assert.equal(workerRows.length, 4);
	assert.deepEqual(workerRows[1], ['worker-a', 'running', '5', '1000', '0', '50.00', workerRows[1]![6], workerRows[1]![7], workerRows[1]![8], '41.2', '88.4']);
	assert.ok(Math.abs(Number(workerRows[1]![6]) - 0.445) < 0.02, `worker-a p50 ${workerRows[1]![6]}`);
	assert.deepEqual(workerRows[3], ['worker-c', 'missing', '0', '0', '0', '0.00', 'N/A', 'N/A', 'N/A', '3.0', '70.0']);
	// The per-worker request counts add up to the total.
	assert.equal(workerRows.slice(1).reduce((s, r) => s + Number(r[3]), 0), snapshot.aggregated.requests);
});

void test('an empty run writes N/A percentiles and no NaN', () => {
	const {aggregator} = sampleRun();
	aggregator.reset();
	const text = statsCsv(aggregator.snapshot());
	const rows = parseCsv(text);
	assert.equal(rows.length, 2);
	assert.deepEqual(rows[1]!.slice(0, 4), ['', 'Aggregated', '0', '0']);
	assert.equal(rows[1]![11], 'N/A');
	assert.ok(!/NaN/.test(text), 'no NaN');
	assert.ok(!/NaN/.test(statsHistoryCsvRows(aggregator.snapshot(), 0, START, true)), 'no NaN in history');
});

void test('an unwritable prefix is one clear DroveError', async (t) => {
	const dir = await mkdtemp(join(tmpdir(), 'drove-csv-'));
	t.after(() => rm(dir, {recursive: true, force: true}));
	const {snapshot} = sampleRun();
	// A prefix whose directory is a file.
	const blocker = join(dir, 'file');
	await new CsvReportWriter(blocker).start();
	const csv = new CsvReportWriter(join(blocker + '_stats_history.csv', 'x'));
	await assert.rejects(csv.start(), (e: unknown) => e instanceof DroveError && e.code === 'CSV_WRITE' && !e.message.includes('\n'));
	await assert.rejects(csv.writeFinal(snapshot, []), DroveError);
});
