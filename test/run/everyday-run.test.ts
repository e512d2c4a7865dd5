// Everyday flags in a real headless run: a user class picked by name, --csv-full-history,
// --logfile and --loglevel (and the mistakes of the last two: one line, exit 2; a --processes
// parent's file with its children's lines), and the
// small truths of the reports: the plan's host in --json, the load's duration, a history that
// ends with the final totals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shownAt } from '../../source/config/log-level.ts';
import { STATS_HISTORY_CSV_HEADER } from '../../source/report/csv.ts';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan, readLines, runDrove, tempDir } from './drove-cli.ts';

test("only the class named runs; --json has the plan's host and the load's duration; the history ends with the totals; the log goes to --logfile", async (t) => {
	const target = await useTarget(t);
	const dir = tempDir(t);
	const prefix = join(dir, 'run');
	const logfile = join(dir, 'drove.log');
	const result = await runDrove(
		['-f', fixturePlan('plan-host.ts'), 'visitor', '-u', '2', '-r', '2', '-t', '2s', '--json', '--csv', prefix, '--csv-full-history', '--logfile', logfile, '-L', 'info'],
		t,
		{ env: { TEST_TARGET_URL: target.url } },
	);
	assert.equal(result.code, 0, result.stderr);
	const summary = JSON.parse(result.stdout) as { run: { host: string | null; durationSeconds: number } };
	assert.equal(summary.run.host, target.url, 'the host came from the plan');
	assert.ok(summary.run.durationSeconds >= 1.9 && summary.run.durationSeconds < 5, `durationSeconds ${summary.run.durationSeconds}`);

	const stats = readLines(`${prefix}_stats.csv`).slice(1).map((line) => line.split(','));
	assert.deepEqual(stats.map((cells) => cells[1]), ['/', 'Aggregated'], 'only the visitor class ran');
	const total = Number(stats[1]![2]);
	const history = readLines(`${prefix}_stats_history.csv`).slice(1).map((line) => line.split(','));
	assert.ok(history.some((cells) => cells[3] === '/'), 'every endpoint in the history');
	const count = STATS_HISTORY_CSV_HEADER.split(',').indexOf('Total Request Count');
	const aggregated = history.filter((cells) => cells[3] === 'Aggregated');
	assert.equal(Number(aggregated.at(-1)![count]), total, 'the history ends with the final total');
	for (const cells of aggregated) assert.ok(!(cells[1] === '0' && Number(cells[count]) > 0), `a row with 0 users and requests: ${cells.join(',')}`);
	const log = readFileSync(logfile, 'utf8');
	assert.match(log, /^\d{4}-\d\d-\d\dT\S+ info /m, log);
});

test('--loglevel: Locust level names, any case; bad --loglevel and --logfile are one line, exit 2', async (t) => {
	assert.equal(shownAt('info', 'INFO'), true);
	assert.equal(shownAt('info', 'warning'), false);
	assert.equal(shownAt('warn', 'WARNING'), true);
	assert.equal(shownAt('warn', 'CRITICAL'), false);
	assert.equal(shownAt('error', 'critical'), true);
	const dir = tempDir(t);
	const cases: [string[], string][] = [
		[['--loglevel', 'LOUD'], 'drove: --loglevel: must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got "LOUD"'],
		[['--logfile', join(dir, 'missing', 'x.log')], `drove: cannot write --logfile ${join(dir, 'missing', 'x.log')}: ENOENT`],
	];
	for (const [args, expected] of cases) {
		const result = await runDrove(['-f', fixturePlan('steady.ts'), '--headless', '-t', '1s', '-H', 'http://127.0.0.1:9', ...args], t);
		assert.equal(result.code, 2, result.stderr);
		assert.deepEqual(result.stderr.trim().split('\n'), [expected]);
	}
});

test('--logfile on a --worker --processes 2 parent holds every child line, marked with its child', async (t) => {
	const target = await useTarget(t);
	const master = new DroveProcess(
		['-f', fixturePlan('steady.ts'), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--headless', '--expect-workers', '2', '-u', '2', '-r', '2', '-t', '2s', '-H', target.url],
		t,
	);
	await master.waitForStderr(/join with: .*--master-port=\d+/);
	const port = /--master-port=(\d+)/.exec(master.stderr)![1]!;
	const logfile = join(tempDir(t), 'workers.log');
	const workers = new DroveProcess(['--worker', '--master-host', '127.0.0.1', '--master-port', port, '--processes', '2', '--logfile', logfile, '-L', 'info'], t);
	assert.equal(await master.exitCode(), 0, master.stderr);
	assert.equal(await workers.exitCode(), 0, workers.stderr);
	const lines = readFileSync(logfile, 'utf8').trim().split('\n');
	for (const child of [0, 1]) {
		const own = lines.filter((line) => new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+ \\[${child}\\] drove worker`).test(line));
		assert.ok(own.length > 0, `child ${child}'s lines are in the file:\n${lines.join('\n')}`);
	}
	// What the terminal showed, the file has: the same child lines, each once.
	const shown = workers.stderr.trim().split('\n').filter((line) => /^\[\d\] /.test(line));
	assert.deepEqual(lines.map((line) => line.replace(/^\S+ /, '')).filter((line) => /^\[\d\] /.test(line)), shown);
});
