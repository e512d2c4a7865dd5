import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkUnknownFlags } from '../../source/config/argv.ts';
import { resolveConfig } from '../../source/config/load-config.ts';
import { shellQuote, toArgv } from '../../source/config/to-argv.ts';

void test('values become --name=value flags in table order', () => {
	assert.deepEqual(toArgv({ worker: true, masterHost: '10.0.0.5', masterPort: 6000, processes: -1, statsInterval: 500, tags: ['a', 'b'], headless: false, plan: undefined, excludeTags: [] }), [
		'--worker',
		'--tags=a,b',
		'--master-host=10.0.0.5',
		'--master-port=6000',
		'--processes=-1',
		'--stats-interval=500ms',
	]);
	assert.throws(() => toArgv({ nope: 1 } as never), /no flag "nope"/);
});

void test('what toArgv writes, the parser reads back to the same values', () => {
	const values = { worker: true, masterHost: 'h', masterPort: 6000, processes: 3, statsInterval: 250, heartbeatTimeout: 5000, cluster: 'blue', tags: ['x', 'y'], requestTimeout: 90_000, token: 't-1', sharedPool: true };
	const argv = toArgv(values);
	checkUnknownFlags(argv);
	// The CLI hands meow's result to resolveConfig; meow would turn `--name=value` into { key: 'value' }.
	const cli = Object.fromEntries(
		argv.map((token) => {
			const [name, value] = token.slice(2).split('=') as [string, string | undefined];
			const key = name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
			return [key, value === undefined ? true : key === 'tags' ? [value] : value];
		}),
	);
	const config = resolveConfig({ command: 'run', cli, env: {}, cwd: '/', stdoutIsTTY: false, cpuCount: 2 });
	for (const [key, value] of Object.entries(values)) {
		if (key === 'worker') assert.equal(config.mode, 'worker');
		else assert.deepEqual((config as unknown as Record<string, unknown>)[key], value, key);
	}
});

void test('shellQuote quotes only what a shell would split or expand', () => {
	assert.equal(shellQuote('--master-host=10.0.0.5'), '--master-host=10.0.0.5');
	assert.equal(shellQuote('a b'), "'a b'");
	assert.equal(shellQuote("it's"), "'it'\\''s'");
	assert.equal(shellQuote('$HOME'), "'$HOME'");
});
