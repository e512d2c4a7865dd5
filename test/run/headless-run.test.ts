// The headless run end to end, as a user runs it: the real `drove` command with local worker
// processes against the real fixture target on 127.0.0.1. Summary, JSON, CSV files, the
// per-worker section, exit codes, and a graceful SIGTERM that still writes every report.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { STATS_CSV_HEADER, STATS_HISTORY_CSV_HEADER, FAILURES_CSV_HEADER, EXCEPTIONS_CSV_HEADER, WORKERS_CSV_HEADER } from '../../source/report/csv.ts';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, runDrove } from './drove-cli.ts';

const plan = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function tempDir(t: { after(fn: () => unknown): void }): string {
	const dir = mkdtempSync(join(tmpdir(), 'drove-run-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

test('a clean run with two local workers: table, every CSV with Locust columns, a workers row per worker, exit 0', async (t) => {
	const target = await useTarget(t);
	const dir = tempDir(t);
	const prefix = join(dir, 'out', 'run');
	const result = await runDrove(['-f', plan('steady.ts'), '--headless', '-u', '8', '-r', '8', '-t', '3s', '-H', target.url, '--processes', '2', '--csv', prefix], t);
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /Aggregated/);
	assert.match(result.stdout, /\/item\/\[id\]/);
	assert.match(result.stderr, /users \d+\/8/, 'a status line on stderr');

	const stats = lines(`${prefix}_stats.csv`);
	assert.equal(stats[0], STATS_CSV_HEADER);
	assert.equal(STATS_CSV_HEADER, 'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%');
	const aggregated = stats.find((line) => line.startsWith(',Aggregated,'));
	assert.ok(aggregated, 'an Aggregated row');
	const total = Number(aggregated.split(',')[2]);
	assert.ok(total > 0, 'requests were counted');
	assert.equal(lines(`${prefix}_stats_history.csv`)[0], STATS_HISTORY_CSV_HEADER);
	assert.equal(lines(`${prefix}_failures.csv`)[0], FAILURES_CSV_HEADER);
	assert.equal(lines(`${prefix}_exceptions.csv`)[0], EXCEPTIONS_CSV_HEADER);

	const workers = lines(`${prefix}_workers.csv`);
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
	const result = await runDrove(['-f', plan('steady.ts'), '-u', '2', '-r', '2', '-t', '2s', '-H', target.url, '--json'], t);
	assert.equal(result.code, 0, result.stderr);
	const summary = JSON.parse(result.stdout) as { schemaVersion: number; run: { stopReason: string; exitCode: number }; aggregated: { requests: number }; workers: unknown[] };
	assert.equal(summary.schemaVersion, 1);
	assert.equal(summary.run.stopReason, 'run-time');
	assert.equal(summary.run.exitCode, 0);
	assert.ok(summary.aggregated.requests > 0);
	assert.equal(summary.workers.length, 1);
});

test('failed requests exit with --exit-code-on-error (default 1)', async (t) => {
	const target = await useTarget(t);
	const base = ['-f', plan('failing.ts'), '--headless', '-u', '2', '-r', '2', '-t', '2s', '-H', target.url];
	const [byDefault, custom] = await Promise.all([runDrove(base, t), runDrove([...base, '--exit-code-on-error', '5'], t)]);
	assert.equal(byDefault.code, 1, byDefault.stderr);
	assert.match(byDefault.stdout, /HTTP 500/);
	assert.equal(custom.code, 5, custom.stderr);
});

test('a broken plan is one line naming the file and line, exit 2', async (t) => {
	const broken = fileURLToPath(new URL('../../fixtures/plans/broken/syntax-error.ts', import.meta.url));
	const result = await runDrove(['-f', broken, '--headless', '-u', '1', '-t', '1s', '-H', 'http://127.0.0.1:9'], t);
	assert.equal(result.code, 2);
	const errorLines = result.stderr.trim().split('\n');
	assert.equal(errorLines.length, 1, result.stderr);
	assert.match(errorLines[0]!, /^drove: .*syntax-error\.ts:\d+:\d+/);
});

test('a master whose expected workers never come exits 3 after --expect-workers-max-wait', async (t) => {
	const result = await runDrove(
		['-f', plan('steady.ts'), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--headless', '-u', '1', '--expect-workers', '2', '--expect-workers-max-wait', '1s'],
		t,
	);
	assert.equal(result.code, 3, result.stderr);
	assert.match(result.stderr, /drove: only 0 of 2 expected workers joined/);
});

test('SIGTERM stops the run gracefully and still writes every report', async (t) => {
	const target = await useTarget(t);
	const dir = tempDir(t);
	const prefix = join(dir, 'term');
	const proc = new DroveProcess(['-f', plan('steady.ts'), '--headless', '-u', '4', '-r', '4', '-H', target.url, '--csv', prefix, '--json'], t);
	await proc.waitForStderr(/users 4\/4/);
	proc.child.kill('SIGTERM');
	assert.equal(await proc.exitCode(), 0, proc.stderr);
	const summary = JSON.parse(proc.stdout) as { run: { stopReason: string }; aggregated: { requests: number } };
	assert.equal(summary.run.stopReason, 'interrupted');
	const aggregated = lines(`${prefix}_stats.csv`).find((line) => line.startsWith(',Aggregated,'));
	assert.equal(Number(aggregated?.split(',')[2]), summary.aggregated.requests);
	assert.equal(lines(`${prefix}_workers.csv`).length, 2);
});
