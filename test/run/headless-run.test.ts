// The headless run end to end, as a user runs it: the real `drove` command with local worker
// processes against the real fixture target on 127.0.0.1: the summary, JSON, CSV files and
// the per-worker section.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { STATS_CSV_HEADER, STATS_HISTORY_CSV_HEADER, FAILURES_CSV_HEADER, EXCEPTIONS_CSV_HEADER, WORKERS_CSV_HEADER } from '../../source/report/csv.ts';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan, tempDir, readLines } from './drove-cli.ts';

test('a clean run with two local workers: table, every CSV with Locust columns, a workers row per worker, exit 0', async (t) => {
	const target = await useTarget(t);
	const dir = tempDir(t);
	const prefix = join(dir, 'out', 'run');
	const result = await runDrove(['-f', fixturePlan('steady.ts'), '--headless', '-u', '8', '-r', '8', '-t', '3s', '-H', target.url, '--processes', '2', '--csv', prefix], t);
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /Aggregated/);
	assert.match(result.stdout, /\/item\/\[id\]/);
	assert.match(result.stderr, /users \d+\/8/, 'a status line on stderr');

	const stats = readLines(`${prefix}_stats.csv`);
	assert.equal(stats[0], STATS_CSV_HEADER);
	assert.equal(STATS_CSV_HEADER, 'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%');
	const aggregated = stats.find((line) => line.startsWith(',Aggregated,'));
	assert.ok(aggregated, 'an Aggregated row');
	const total = Number(aggregated.split(',')[2]);
	assert.ok(total > 0, 'requests were counted');
	assert.equal(readLines(`${prefix}_stats_history.csv`)[0], STATS_HISTORY_CSV_HEADER);
	assert.equal(readLines(`${prefix}_failures.csv`)[0], FAILURES_CSV_HEADER);
	assert.equal(readLines(`${prefix}_exceptions.csv`)[0], EXCEPTIONS_CSV_HEADER);

	const workers = readLines(`${prefix}_workers.csv`);
	assert.equal(workers[0], WORKERS_CSV_HEADER);
	assert.equal(workers.length, 3, 'one row per worker');
	const perWorker = workers.slice(1).map((row) => Number(row.split(',')[3]));
	assert.ok(perWorker.every((n) => n > 0), `both workers sent requests: ${perWorker.join(', ')}`);
	assert.equal(perWorker[0]! + perWorker[1]!, total, 'the per-worker counts add up to the total');
	// Nothing lost at the end: the target saw what the master counted, plus at most the
	// requests in flight when the users were stopped (--stop-timeout 0 cancels them, as Locust does).
	const inFlight = target.counters.requests - total;
	assert.ok(inFlight >= 0 && inFlight <= 8, `target saw ${target.counters.requests}, master counted ${total}`);
});

test('--json prints the summary as JSON with the run, the total and each worker', async (t) => {
	const target = await useTarget(t);
	const result = await runDrove(['-f', fixturePlan('steady.ts'), '-u', '2', '-r', '2', '-t', '2s', '-H', target.url, '--json'], t);
	assert.equal(result.code, 0, result.stderr);
	const summary = JSON.parse(result.stdout) as { schemaVersion: number; run: { stopReason: string; exitCode: number }; aggregated: { requests: number }; workers: unknown[] };
	assert.equal(summary.schemaVersion, 1);
	assert.equal(summary.run.stopReason, 'run-time');
	assert.equal(summary.run.exitCode, 0);
	assert.ok(summary.aggregated.requests > 0);
	assert.equal(summary.workers.length, 1);
});
