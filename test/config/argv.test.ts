import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DroveError } from '../../source/errors.ts';
import { checkUnknownFlags, commandFrom, meowFlags } from '../../source/config/argv.ts';
import { FLAGS } from '../../source/config/flags.ts';

function usageMessage(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof DroveError);
		assert.equal(error.exitCode, 2);
		return error.message;
	}
	assert.fail('expected a usage error');
}

void test('known flags in every spelling pass', () => {
	checkUnknownFlags([
		'-f', 'plan.ts', '--plan=plan.ts', '-u10', '-u', '10', '--users=10', '--no-headless', '--headless',
		'--processes', '-1', '-T', 'a,b', '-hV', '--tls-ca', 'x', '--', '--anything-after-the-separator',
	]);
});

void test('an unknown flag is one line, with a suggestion when it is a typo', () => {
	assert.equal(usageMessage(() => checkUnknownFlags(['--foo'])), 'unknown flag --foo (see drove --help)');
	assert.equal(usageMessage(() => checkUnknownFlags(['--spawnrate', '5'])), 'unknown flag --spawnrate; did you mean --spawn-rate? (see drove --help)');
	assert.equal(usageMessage(() => checkUnknownFlags(['--users=5', '--hedless'])), 'unknown flag --hedless; did you mean --headless? (see drove --help)');
	assert.equal(usageMessage(() => checkUnknownFlags(['--locustfile', 'x.py'])), 'unknown flag --locustfile: Drove calls it -f/--plan (see drove --help)');
	assert.equal(usageMessage(() => checkUnknownFlags(['-x'])), 'unknown flag -x (see drove --help)');
	assert.equal(usageMessage(() => checkUnknownFlags(['-hz'])), 'unknown flag -z (in -hz) (see drove --help)');
	assert.equal(usageMessage(() => checkUnknownFlags(['--no-users'])), '--no-users: only on/off flags take --no-; --users takes a value (see drove --help)');
	assert.equal(usageMessage(() => checkUnknownFlags(['--spawnRate', '5'])), 'unknown flag --spawnRate; did you mean --spawn-rate? (see drove --help)');
});

void test('positional arguments: none runs, demo demos, names pick user classes, a plan path is refused', () => {
	assert.equal(commandFrom([]), 'run');
	assert.equal(commandFrom(['demo']), 'demo');
	assert.equal(commandFrom(['report', 'summary.json']), 'report');
	assert.match(usageMessage(() => commandFrom(['report'])), /^report needs the --json summary to render/);
	assert.equal(usageMessage(() => commandFrom(['report', 'a.json', 'b.json'])), 'unexpected argument "b.json": report renders one summary (see drove --help)');
	assert.equal(usageMessage(() => commandFrom(['plan.ts'])), 'unexpected argument "plan.ts": give the plan with -f plan.ts (see drove --help)');
	assert.equal(usageMessage(() => commandFrom(['demo', 'extra'])), 'unexpected argument "extra" (see drove --help)');
	// Other names are user classes (test/config/locust-compat.test.ts); the plan checks them.
	assert.equal(commandFrom(['start']), 'run');
	assert.equal(usageMessage(() => commandFrom(['Browser', 'plan.ts'])), 'unexpected argument "plan.ts": give the plan with -f plan.ts (see drove --help)');
});

void test('meow gets every flag, values as strings so Drove parses and explains them', () => {
	const flags = meowFlags();
	assert.deepEqual(Object.keys(flags).sort(), FLAGS.map((flag) => flag.key).sort());
	assert.deepEqual(flags['users'], { type: 'string', shortFlag: 'u' });
	assert.deepEqual(flags['tags'], { type: 'string', shortFlag: 'T', isMultiple: true });
	assert.deepEqual(flags['headless'], { type: 'boolean' });
});
