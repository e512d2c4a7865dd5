import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DroveError } from '../../source/errors.ts';
import { resolveConfig, type ConfigInput } from '../../source/config/load-config.ts';

const FILE = { label: 'drove.config.json', path: '/work/drove.config.json' };

function input(overrides: Partial<ConfigInput> & { fileJson?: unknown } = {}): ConfigInput {
	const { fileJson, ...rest } = overrides;
	return {
		command: 'run',
		cli: { plan: 'plan.ts' },
		env: {},
		cwd: '/work',
		stdoutIsTTY: true,
		cpuCount: 4,
		...(fileJson === undefined ? {} : { file: { ...FILE, text: typeof fileJson === 'string' ? fileJson : JSON.stringify(fileJson) } }),
		...rest,
	};
}

/** Asserts a one-line DroveError with exit code 2 and exactly this message. */
function assertConfigError(overrides: Parameters<typeof input>[0], message: string | RegExp): void {
	assert.throws(
		() => resolveConfig(input(overrides)),
		(error: unknown) => {
			assert.ok(error instanceof DroveError, String(error));
			assert.equal(error.exitCode, 2);
			assert.ok(!error.message.includes('\n'), 'one line');
			if (typeof message === 'string') assert.equal(error.message, message);
			else assert.match(error.message, message);
			return true;
		},
	);
}

void test('defaults: a local run with one worker and Locust defaults', () => {
	const config = resolveConfig(input());
	assert.equal(config.mode, 'local');
	assert.equal(config.command, 'run');
	assert.equal(config.plan, '/work/plan.ts');
	assert.equal(config.spawnRate, 1);
	assert.equal(config.users, undefined, 'the dashboard asks');
	assert.equal(config.runTime, undefined);
	assert.equal(config.headless, false);
	assert.equal(config.requestTimeout, 60_000);
	assert.equal(config.stopTimeout, 0);
	assert.equal(config.statsInterval, 1000);
	assert.equal(config.heartbeatTimeout, 10_000);
	assert.equal(config.processes, 1);
	assert.equal(config.expectWorkers, 1);
	assert.equal(config.masterHost, '127.0.0.1');
	assert.equal(config.masterPort, 5557);
	assert.equal(config.masterBindHost, '0.0.0.0');
	assert.equal(config.masterBindPort, 5557);
	assert.equal(config.cluster, 'default');
	assert.equal(config.exitCodeOnError, 1);
	assert.deepEqual(config.tags, []);
	assert.equal(config.sources.spawnRate, 'default');
	assert.ok(Object.isFrozen(config) && Object.isFrozen(config.tags) && Object.isFrozen(config.sources));
});

void test('precedence: config file < environment < command line', () => {
	const fileJson = { users: 10, spawnRate: 2, runTime: '5m', tags: ['file'] };
	const env = { DROVE_USERS: '20', DROVE_RUN_TIME: '1m' };
	const all = resolveConfig(input({ fileJson, env, cli: { plan: 'p.ts', users: '30' } }));
	assert.equal(all.users, 30);
	assert.equal(all.sources.users, '--users');
	assert.equal(all.runTime, 60_000);
	assert.equal(all.sources.runTime, 'DROVE_RUN_TIME');
	assert.equal(all.spawnRate, 2);
	assert.equal(all.sources.spawnRate, 'drove.config.json');
	assert.deepEqual(all.tags, ['file']);
	assert.equal(all.configFile, '/work/drove.config.json');

	const noCli = resolveConfig(input({ fileJson, env }));
	assert.equal(noCli.users, 20);
	assert.equal(noCli.sources.users, 'DROVE_USERS');

	const fileOnly = resolveConfig(input({ fileJson }));
	assert.equal(fileOnly.users, 10);
	assert.equal(fileOnly.runTime, 300_000);

	// A boolean from the file or environment is overridden by --no-<flag> on the command line.
	const negated = resolveConfig(input({ env: { DROVE_SHARED_POOL: 'true' }, cli: { plan: 'p.ts', sharedPool: false } }));
	assert.equal(negated.sharedPool, false);
});

void test('values from every source are parsed alike', () => {
	const config = resolveConfig(
		input({
			fileJson: { excludeTags: 'slow, flaky', stopTimeout: 5, plan: 'plans/a.ts', tlsCa: '../ca.pem' },
			env: { DROVE_HEADLESS: 'TRUE', DROVE_TAGS: 'a,b', DROVE_EMPTY: '', DROVE_SPAWN_RATE: '', DROVE_DEBUG: '1' },
			cli: { tags: ['c', 'd,c'], spawnRate: '0.5' },
		}),
	);
	assert.equal(config.headless, true);
	assert.deepEqual(config.tags, ['c', 'd'], 'command line replaces the list; duplicates go');
	assert.deepEqual(config.excludeTags, ['slow', 'flaky']);
	assert.equal(config.stopTimeout, 5000, 'a JSON number is seconds');
	assert.equal(config.spawnRate, 0.5, 'an empty variable is unset');
	assert.equal(config.plan, '/work/plans/a.ts', 'relative to the config file');
	assert.equal(config.tlsCa, '/ca.pem');
	const cliPath = resolveConfig(input({ cwd: '/home/ann', cli: { plan: '../p.ts', csv: 'out/run' } }));
	assert.equal(cliPath.plan, '/home/p.ts');
	assert.equal(cliPath.csv, 'out/run', 'an output prefix is left as given');
});

void test('a bad value is one line naming its source', () => {
	assertConfigError({ fileJson: { users: 'ten' } }, 'drove.config.json: "users" must be a whole number >= 0, got "ten"');
	assertConfigError({ env: { DROVE_SPAWN_RATE: 'fast' } }, 'DROVE_SPAWN_RATE: must be a number > 0, got "fast"');
	assertConfigError({ cli: { plan: 'p.ts', users: '-1' } }, '--users: must be a whole number >= 0, got "-1"');
	assertConfigError({ cli: { plan: 'p.ts', users: '2.5' } }, '--users: must be a whole number >= 0, got "2.5"');
	assertConfigError({ cli: { plan: 'p.ts', users: '' } }, '--users: needs a value');
	assertConfigError({ cli: { plan: 'p.ts', spawnRate: '0' } }, '--spawn-rate: must be a number > 0, got "0"');
	assertConfigError({ cli: { plan: 'p.ts', runTime: '5min' } }, '--run-time: must be a duration like 30s, 5m, 1h30m, 250ms or a number of seconds, got "5min"');
	assertConfigError({ cli: { plan: 'p.ts', runTime: '0s' } }, '--run-time: must be longer than 0s');
	assertConfigError({ env: { DROVE_HEADLESS: 'yes please' } }, 'DROVE_HEADLESS: must be true or false, got "yes please"');
	assertConfigError({ fileJson: { headless: 'maybe' } }, /^drove\.config\.json: "headless" must be true or false/);
	assertConfigError({ cli: { plan: 'p.ts', host: 'localhost:8080' } }, '--host: must be a URL starting with http:// or https://, got "localhost:8080"');
	assertConfigError({ cli: { plan: 'p.ts', processes: '-2' } }, '--processes: must be a whole number >= 1, or -1 for one per core, got "-2"');
	assertConfigError({ cli: { plan: 'p.ts', cluster: 'a/b' } }, /^--cluster: must be letters/);
	assertConfigError({ cli: { worker: true, masterPort: '70000' } }, '--master-port: must be a whole number from 1 to 65535, got "70000"');
	assertConfigError({ cli: { master: true, broker: 'http://x' } }, '--broker: must be an mqtt:// or mqtts:// URL, got "http://x"');
	assertConfigError({ fileJson: { tags: [1, 2] } }, /^drove\.config\.json: "tags" must be a comma-separated list or an array of strings, got \[1,2\]$/);
});

void test('the config file: unknown keys, bad JSON, wrong shape', () => {
	assertConfigError({ fileJson: { 'spawn-rate': 5 } }, 'drove.config.json: unknown key "spawn-rate" (did you mean "spawnRate"?); see docs/CONFIG.md');
	assertConfigError({ fileJson: { colour: 'red' } }, 'drove.config.json: unknown key "colour"; see docs/CONFIG.md');
	assertConfigError({ fileJson: '{\n  "users": 10,\n  oops\n}' }, /^drove\.config\.json: not valid JSON at line 3, column 3 \(/);
	assertConfigError({ fileJson: '  \n' }, 'drove.config.json: is empty; it should hold a JSON object of settings, like {"users": 10}');
	assertConfigError({ fileJson: '{"users": 1' }, /^drove\.config\.json: not valid JSON/);
	assertConfigError({ fileJson: [1] }, 'drove.config.json: must hold a JSON object of settings, like {"users": 10}');
	assertConfigError({ fileJson: { config: 'other.json' } }, 'drove.config.json: "config" cannot be set in a config file; use --config');
});

void test('mode: --master, --worker, never both', () => {
	assert.equal(resolveConfig(input({ cli: { plan: 'p.ts', master: true } })).mode, 'master');
	const worker = resolveConfig(input({ cli: { worker: true } }));
	assert.equal(worker.mode, 'worker');
	assert.equal(worker.plan, undefined, "a worker may run its master's plan");
	assert.equal(worker.headless, true);
	assertConfigError({ cli: { plan: 'p.ts', master: true, worker: true } }, /^--master and --worker cannot both be set/);
	assertConfigError({ fileJson: { master: true }, cli: { worker: true } }, /^drove\.config\.json "master" and --worker cannot both be set/);
});

void test('a flag for another mode: an error on the command line, ignored from file and environment', () => {
	assertConfigError({ cli: { worker: true, users: '10' } }, '--users: not used by a worker; give it to the master');
	assertConfigError({ cli: { worker: true, runTime: '1m' } }, '--run-time: not used by a worker; give it to the master');
	assertConfigError({ cli: { plan: 'p.ts', masterHost: '10.0.0.5' } }, '--master-host: only used with --worker');
	assertConfigError({ cli: { plan: 'p.ts', masterBindPort: '6000' } }, '--master-bind-port: only used with --master');
	assertConfigError({ cli: { plan: 'p.ts', broker: 'mqtt://b:1883' } }, '--broker: only used with --master or --worker');
	const shared = resolveConfig(input({ fileJson: { users: 100, runTime: '1m', masterHost: '10.0.0.5' }, env: { DROVE_CSV: 'x' }, cli: { worker: true } }));
	assert.equal(shared.mode, 'worker');
	assert.equal(shared.masterHost, '10.0.0.5');
	const master = resolveConfig(input({ fileJson: { masterHost: '10.0.0.5' }, cli: { plan: 'p.ts', master: true } }));
	assert.equal(master.mode, 'master');
});

void test('processes: 1 by default, 0 on a master, -1 is one per core, 0 elsewhere is an error', () => {
	assert.equal(resolveConfig(input({ cli: { plan: 'p.ts', master: true } })).processes, 0);
	assert.equal(resolveConfig(input({ cli: { plan: 'p.ts', master: true, processes: '2' } })).processes, 2);
	assert.equal(resolveConfig(input({ cli: { plan: 'p.ts', processes: '-1' } })).processes, 4);
	assert.equal(resolveConfig(input({ cli: { worker: true, processes: '-1' }, cpuCount: 8 })).processes, 8);
	assertConfigError({ cli: { plan: 'p.ts', processes: '0' } }, /^--processes: 0 would start no workers/);
	assertConfigError({ cli: { worker: true }, env: { DROVE_PROCESSES: '0' } }, /^DROVE_PROCESSES: 0 would start no workers/);
});

void test('expect-workers: a local run waits for its own workers, and no more', () => {
	const local = resolveConfig(input({ cli: { plan: 'p.ts', processes: '3' } }));
	assert.equal(local.expectWorkers, 3);
	assert.match(local.sources.expectWorkers, /^implied/);
	assert.equal(resolveConfig(input({ cli: { plan: 'p.ts', processes: '3', expectWorkers: '2' } })).expectWorkers, 2);
	assertConfigError({ cli: { plan: 'p.ts', processes: '2', expectWorkers: '4' } }, /^--expect-workers: a local run starts only 2 worker\(s\)/);
	const master = resolveConfig(input({ cli: { plan: 'p.ts', master: true, expectWorkers: '4', expectWorkersMaxWait: '30' } }));
	assert.equal(master.expectWorkers, 4);
	assert.equal(master.expectWorkersMaxWait, 30_000, 'a bare number is seconds, as in Locust');
});

void test('a plan is required except on a worker and in the demo', () => {
	assertConfigError({ cli: { users: '5' } }, /^no test plan: give one with -f PATH/);
	assertConfigError({ cli: { master: true } }, /^no test plan/);
	const demo = resolveConfig(input({ command: 'demo', cli: {} }));
	assert.equal(demo.command, 'demo');
	assert.equal(demo.processes, 2);
	assert.equal(demo.expectWorkers, 2);
	assertConfigError({ command: 'demo', cli: { worker: true } }, /^demo runs the master and its workers on this machine/);
	assert.equal(resolveConfig(input({ command: 'report', cli: { html: 'out.html' } })).html, 'out.html');
	assertConfigError({ command: 'report', cli: {} }, /^report: say what to write with --html PATH and\/or --junit PATH/);
	assertConfigError({ command: 'report', cli: { master: true, html: 'x.html' } }, /^report renders a saved summary/);
	assertConfigError({ cli: { worker: true, allowPlanMismatch: true } }, /^--allow-plan-mismatch: needs -f PATH/);
});

void test('headless: asked for, implied by --json, by a non-terminal stdout; then users default to 1', () => {
	const json = resolveConfig(input({ cli: { plan: 'p.ts', json: true } }));
	assert.equal(json.headless, true);
	assert.equal(json.sources.headless, 'implied: --json prints the summary on stdout');
	assert.equal(json.users, 1);
	const piped = resolveConfig(input({ stdoutIsTTY: false }));
	assert.equal(piped.headless, true);
	assert.equal(piped.sources.headless, 'implied: stdout is not a terminal');
	assert.equal(resolveConfig(input({ stdoutIsTTY: false, cli: { plan: 'p.ts', users: '7' } })).users, 7);
	assert.equal(resolveConfig(input({ cli: { plan: 'p.ts', headless: true } })).users, 1);
	assertConfigError({ cli: { plan: 'p.ts', json: true, headless: false } }, /^--headless is false, but --json needs stdout/);
});

void test('TLS and --broker combinations', () => {
	assertConfigError({ cli: { plan: 'p.ts', master: true, tlsCert: 'c.pem' } }, '--tls-cert needs --tls-key as well: the broker needs both the certificate and its private key');
	assertConfigError({ fileJson: { tlsKey: 'k.pem' }, cli: { plan: 'p.ts', master: true } }, /^drove\.config\.json "tlsKey" needs --tls-cert/);
	const tls = resolveConfig(input({ cli: { plan: 'p.ts', master: true, tlsCert: 'c.pem', tlsKey: 'k.pem' } }));
	assert.equal(tls.tlsCert, '/work/c.pem');
	assertConfigError({ cli: { plan: 'p.ts', master: true, broker: 'mqtt://b:1883', masterBindPort: '6000' } }, /^--master-bind-port: not used with --broker/);
	assertConfigError({ cli: { worker: true, broker: 'mqtt://b:1883', masterHost: 'h' } }, /^--master-host: not used with --broker/);
	const worker = resolveConfig(input({ cli: { worker: true, broker: 'mqtts://10.0.0.5:5557', token: 't', tlsCa: 'ca.pem' } }));
	assert.equal(worker.broker, 'mqtts://10.0.0.5:5557');
	assert.equal(worker.token, 't');
	assert.equal(resolveConfig(input({ cli: { plan: 'p.ts', master: true, masterBindHost: '*' } })).masterBindHost, '0.0.0.0');
});
