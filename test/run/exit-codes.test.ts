// Exit codes of a headless run through the real `drove` command: failures (1 or
// --exit-code-on-error), a broken plan (2), expected workers that never come (3).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan, tempDir } from './drove-cli.ts';

test('failed requests exit with --exit-code-on-error (default 1)', async (t) => {
	const target = await useTarget(t);
	// The plan quits once its first failure is answered; -t only caps a run that never gets one.
	const base = ['-f', fixturePlan('failing.ts'), '--headless', '-u', '2', '-r', '2', '-t', '60s', '-H', target.url];
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
		['-f', fixturePlan('steady.ts'), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--headless', '-u', '1', '--expect-workers', '2', '--expect-workers-max-wait', '1s', '-H', 'http://127.0.0.1:9'],
		t,
	);
	assert.equal(result.code, 3, result.stderr);
	assert.match(result.stderr, /drove: only 0 of 2 expected workers joined/);
	// The error sends the person to the same place the join command did.
	const announced = /drove master listening at (\S+)/.exec(result.stderr)?.[1];
	assert.ok(announced, result.stderr);
	assert.ok(result.stderr.includes(`check that workers can reach ${announced}`), result.stderr);
	assert.match(result.stderr, /join with: .*--processes -1/);
});

test('an unwritable --csv prefix is one line and exit 2, before any worker starts', async (t) => {
	const dir = tempDir(t);
	const file = join(dir, 'a-file');
	writeFileSync(file, '');
	const result = await runDrove(['-f', fixturePlan('steady.ts'), '--headless', '-u', '1', '-t', '1s', '-H', 'http://127.0.0.1:9', '--csv', join(file, 'run')], t);
	assert.equal(result.code, 2, result.stderr);
	assert.match(result.stderr, /^drove: cannot write .*a-file\/run_stats_history\.csv .*--csv/);
	assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
});

test('a --csv prefix under /proc is one line and exit 2, not a hang (Node 20 recursive mkdir spins there)', async (t) => {
	const result = await runDrove(['-f', fixturePlan('steady.ts'), '--headless', '-u', '1', '-t', '1s', '-H', 'http://127.0.0.1:9', '--csv', '/proc/self/drove/run'], t);
	assert.equal(result.code, 2, result.stderr);
	assert.match(result.stderr, /^drove: cannot write \/proc\/self\/drove\/run_stats_history\.csv .*--csv/);
	assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
});

test('an unwritable --html or --junit path is one line and exit 2 before any worker starts, as --csv; the check leaves old reports and no new files', async (t) => {
	const dir = tempDir(t);
	const old = join(dir, 'old.html');
	writeFileSync(old, 'an old report');
	const fresh = join(dir, 'fresh.html');
	const base = ['-f', fixturePlan('steady.ts'), '--headless', '-u', '1', '-t', '1s', '-H', 'http://127.0.0.1:9'];
	const [missing, isDirectory] = await Promise.all([
		runDrove([...base, '--html', old, '--junit', join(dir, 'missing', 'run.xml')], t),
		runDrove([...base, '--html', fresh, '--junit', dir], t),
	]);
	assert.equal(missing.code, 2, missing.stderr);
	assert.equal(missing.stderr.trim(), `drove: cannot write --junit ${join(dir, 'missing', 'run.xml')} (ENOENT: its directory does not exist)`);
	assert.equal(isDirectory.code, 2, isDirectory.stderr);
	assert.equal(isDirectory.stderr.trim(), `drove: cannot write --junit ${dir} (EISDIR: it is a directory)`);
	assert.equal(readFileSync(old, 'utf8'), 'an old report', 'the writable --html was checked without truncating it');
	assert.equal(existsSync(fresh), false, 'the --html file the check created is gone again');
});

test('no host (no -H, none in the plan) is exit 2 before any worker starts', async (t) => {
	const result = await runDrove(['-f', fixturePlan('steady.ts'), '--headless', '-u', '1', '-t', '1s'], t);
	assert.equal(result.code, 2, result.stderr);
	assert.equal(result.stderr.trim(), "drove: no host: give -H/--host or set host in the plan's user classes (reader, writer lack one)");
	assert.doesNotMatch(result.stderr, /worker/);
});
