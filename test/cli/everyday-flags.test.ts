// Locust's everyday flags through the real `drove` command: older names, LOCUST_* variables,
// locust.conf, user classes as arguments, -l/--list and --show-task-ratio, and their mistakes
// (one line, exit 2).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturePlan, runDrove, tempDir } from '../run/drove-cli.ts';

const plan = fixturePlan('steady.ts');

interface Printed {
	mode: string;
	settings: Record<string, unknown>;
	sources: Record<string, string>;
}

void test('--slave, --expect-slaves and --no-web work and name the current flag once each', async (t) => {
	const worker = await runDrove(['--slave', '--print-config'], t);
	assert.equal(worker.code, 0, worker.stderr);
	assert.equal((JSON.parse(worker.stdout) as Printed).mode, 'worker');
	assert.equal(worker.stderr, 'drove: --slave is the old name of --worker; it works, but write --worker\n');
	const master = await runDrove(['-f', plan, '--master', '--expect-slaves', '3', '--no-web', '--print-config'], t);
	assert.equal(master.code, 0, master.stderr);
	const printed = JSON.parse(master.stdout) as Printed;
	assert.equal(printed.settings['expectWorkers'], 3);
	assert.equal(printed.settings['headless'], true);
	assert.deepEqual(master.stderr.trim().split('\n'), [
		'drove: --expect-slaves is the old name of --expect-workers; it works, but write --expect-workers',
		'drove: --no-web is the old name of --headless; it works, but write --headless',
	]);
	const bad = await runDrove(['-f', plan, '--expect-slaves', 'two', '--print-config'], t);
	assert.equal(bad.code, 2);
	assert.match(bad.stderr, /drove: --expect-workers: must be a whole number >= 1, got "two"\n$/);
});

void test('LOCUST_* variables and a locust.conf carry over, and --print-config says where each value came from', async (t) => {
	const dir = tempDir(t);
	writeFileSync(join(dir, 'locust.conf'), `locustfile = ${plan}\nusers = 7\nspawn-rate = 3\nheadless = true\n`);
	const result = await runDrove(['--print-config'], t, { cwd: dir, env: { LOCUST_RUN_TIME: '45s', LOCUST_SPAWN_RATE: '9' } });
	assert.equal(result.code, 0, result.stderr);
	const printed = JSON.parse(result.stdout) as Printed;
	assert.deepEqual([printed.settings['plan'], printed.settings['users'], printed.settings['spawnRate'], printed.settings['runTime']], [plan, 7, 9, '45s']);
	assert.deepEqual([printed.sources['users'], printed.sources['spawnRate'], printed.sources['runTime']], ['locust.conf', 'LOCUST_SPAWN_RATE', 'LOCUST_RUN_TIME']);

	const other = join(dir, 'ci.conf');
	writeFileSync(other, 'users = 2\nwebport = 8089\n');
	const bad = await runDrove(['-f', plan, '--config', other, '--print-config'], t);
	assert.equal(bad.code, 2);
	assert.equal(bad.stderr, 'drove: ci.conf: line 2: unknown key "webport"; see docs/CONFIG.md\n'.replace('ci.conf', other));
	const badEnv = await runDrove(['-f', plan, '--print-config'], t, { env: { LOCUST_HEADLESS: 'maybe' } });
	assert.equal(badEnv.code, 2);
	assert.equal(badEnv.stderr, 'drove: LOCUST_HEADLESS: must be true or false, got "maybe"\n');
});

void test('-l lists the classes, --show-task-ratio their shares, both for the classes named as arguments', async (t) => {
	const list = await runDrove(['-f', plan, '-l'], t);
	assert.equal(list.code, 0, list.stderr);
	assert.equal(list.stdout, 'reader (weight 3)\n    home\n    item\nwriter (weight 1)\n    login\n');
	const ratio = await runDrove(['-f', plan, '--show-task-ratio'], t);
	assert.equal(ratio.code, 0, ratio.stderr);
	assert.equal(ratio.stdout, 'reader: 75.0%\n    home: 66.7%\n    item: 33.3%\nwriter: 25.0%\n    login: 100.0%\n');
	const picked = await runDrove(['-f', plan, '--show-task-ratio', 'writer'], t);
	assert.equal(picked.stdout, 'writer: 100.0%\n    login: 100.0%\n');
	const unknown = await runDrove(['-f', plan, '-l', 'reeder'], t);
	assert.equal(unknown.code, 2);
	assert.equal(unknown.stderr, 'drove: unknown user class "reeder"; did you mean "reader"? (the plan has reader, writer)\n');
});
