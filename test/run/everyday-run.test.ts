// Everyday flags in a real headless run: a user class picked by name, --csv-full-history,
// --logfile and --loglevel, and the mistakes of the last two (one line, exit 2).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shownAt } from '../../source/config/log-level.ts';
import { useTarget } from '../helpers/target.ts';
import { fixturePlan, readLines, runDrove, tempDir } from './drove-cli.ts';

test('only the class named runs; the history has every endpoint; the log goes to --logfile', async (t) => {
	const target = await useTarget(t);
	const dir = tempDir(t);
	const prefix = join(dir, 'run');
	const logfile = join(dir, 'drove.log');
	const result = await runDrove(['-f', fixturePlan('steady.ts'), 'writer', '--headless', '-u', '2', '-r', '2', '-t', '2s', '-H', target.url, '--csv', prefix, '--csv-full-history', '--logfile', logfile, '-L', 'info'], t);
	assert.equal(result.code, 0, result.stderr);
	const names = readLines(`${prefix}_stats.csv`).slice(1).map((line) => line.split(',')[1]);
	assert.deepEqual(names, ['/login', 'Aggregated'], 'only the writer class ran');
	const historyNames = new Set(readLines(`${prefix}_stats_history.csv`).slice(1).map((line) => line.split(',')[3]));
	assert.ok(historyNames.has('/login') && historyNames.has('Aggregated'), [...historyNames].join());
	const log = readFileSync(logfile, 'utf8');
	assert.match(log, /^\d{4}-\d\d-\d\dT\S+ (info|warn|error) /m, log);
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
