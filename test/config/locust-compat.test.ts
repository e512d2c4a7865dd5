// Locust's CI settings carry over: LOCUST_* variables when the DROVE_* one is unset, a
// locust.conf in `key = value` form, and older Locust's flag names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DroveError } from '../../source/errors.ts';
import { translateLegacyFlags, classNamesFrom, commandFrom } from '../../source/config/argv.ts';
import { resolveConfig, type ConfigInput } from '../../source/config/load-config.ts';

function input(overrides: Partial<ConfigInput> = {}): ConfigInput {
	return { command: 'run', cli: { plan: 'plan.ts' }, env: {}, cwd: '/work', stdoutIsTTY: true, cpuCount: 4, ...overrides };
}

const conf = (text: string, path = '/work/locust.conf') => ({ file: { label: path.split('/').pop()!, path, text } });

function configError(overrides: Partial<ConfigInput>): string {
	try {
		resolveConfig(input(overrides));
	} catch (error) {
		assert.ok(error instanceof DroveError);
		assert.equal(error.exitCode, 2);
		assert.ok(!error.message.includes('\n'));
		return error.message;
	}
	assert.fail('expected a config error');
}

void test('LOCUST_* variables apply when the DROVE_* one is unset, and say so in the sources', () => {
	const config = resolveConfig(input({
		cli: {},
		env: { LOCUST_LOCUSTFILE: 'ci/plan.ts', LOCUST_USERS: '20', LOCUST_SPAWN_RATE: '4', LOCUST_RUN_TIME: '1m', LOCUST_HOST: 'http://127.0.0.1:8080', LOCUST_HEADLESS: 'true', DROVE_SPAWN_RATE: '2' },
	}));
	assert.equal(config.plan, '/work/ci/plan.ts');
	assert.equal(config.users, 20);
	assert.equal(config.spawnRate, 2, 'DROVE_* wins');
	assert.equal(config.runTime, 60_000);
	assert.equal(config.host, 'http://127.0.0.1:8080');
	assert.equal(config.headless, true);
	assert.equal(config.sources.users, 'LOCUST_USERS');
	assert.equal(config.sources.spawnRate, 'DROVE_SPAWN_RATE');
	const worker = resolveConfig(input({ cli: {}, env: { LOCUST_MODE_WORKER: 'true', LOCUST_MASTER_NODE_HOST: '127.0.0.2', LOCUST_MASTER_NODE_PORT: '6000' } }));
	assert.equal(worker.mode, 'worker');
	assert.deepEqual([worker.masterHost, worker.masterPort], ['127.0.0.2', 6000]);
	const master = resolveConfig(input({ env: { LOCUST_MODE_MASTER: 'true', LOCUST_EXPECT_WORKERS: '3' } }));
	assert.deepEqual([master.mode, master.expectWorkers], ['master', 3]);
	// Drove's own flags have no LOCUST_ name.
	assert.equal(resolveConfig(input({ env: { LOCUST_CLUSTER: 'x' } })).cluster, 'default');
	assert.equal(configError({ env: { LOCUST_USERS: 'many' } }), 'LOCUST_USERS: must be a whole number >= 0, got "many"');
});

void test("a locust.conf in Locust's key = value form", () => {
	const config = resolveConfig(input({
		cli: {},
		...conf('# CI settings\n[locust]\nlocustfile = plan.ts\nheadless\nusers = 50\nspawn_rate: 10\nrun-time 30s\ntags = checkout, search\nhost = "http://127.0.0.1:9000"\n; done\n'),
	}));
	assert.equal(config.plan, '/work/plan.ts');
	assert.deepEqual([config.headless, config.users, config.spawnRate, config.runTime], [true, 50, 10, 30_000]);
	assert.deepEqual(config.tags, ['checkout', 'search']);
	assert.equal(config.host, 'http://127.0.0.1:9000');
	assert.equal(config.sources.users, 'locust.conf');
	// Any name ending other than .json, not starting with {, is read the same way.
	assert.equal(resolveConfig(input(conf('users = 3', '/work/ci/run.conf'))).users, 3);
	assert.equal(resolveConfig(input(conf('{"users": 4}', '/work/ci/run.conf'))).users, 4);
	assert.equal(configError(conf('users = 5\nspwan-rate = 2\n')), 'locust.conf: line 2: unknown key "spwan-rate" (did you mean "spawn-rate"?); see docs/CONFIG.md');
	assert.equal(configError(conf('users = 5\n= 2\n')), 'locust.conf: line 2 is not "key = value"');
	assert.match(configError(conf('users = lots\n')), /^locust\.conf: "users" must be a whole number >= 0, got "lots"$/);
});

void test('older Locust names work and say the current name once', () => {
	const { argv, notices } = translateLegacyFlags(['--slave', '--expect-slaves=3', '--no-web', '--expect-slaves', '4', '--', '--slave']);
	assert.deepEqual(argv, ['--worker', '--expect-workers=3', '--headless', '--expect-workers', '4', '--', '--slave']);
	assert.deepEqual(notices, [
		'--slave is the old name of --worker; it works, but write --worker',
		'--expect-slaves is the old name of --expect-workers; it works, but write --expect-workers',
		'--no-web is the old name of --headless; it works, but write --headless',
	]);
});

void test('user classes as positional arguments', () => {
	assert.equal(commandFrom(['Browser', 'Buyer']), 'run');
	assert.deepEqual(classNamesFrom(['Browser', 'Buyer', 'Browser']), ['Browser', 'Buyer']);
	assert.deepEqual(classNamesFrom(['demo']), []);
	assert.deepEqual(resolveConfig(input({ userClasses: ['Browser'] })).userClasses, ['Browser']);
	assert.match(configError({ cli: { worker: true }, userClasses: ['Browser'] }), /^unexpected argument "Browser": a worker runs the classes its master deals/);
});
