// The plan's lifecycle hooks through the real `drove` command: init, spawningComplete, quitting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan } from './drove-cli.ts';

/** The machine may be shared and slow: a run of a few seconds may take a minute or more to start and end. */
const slow = { timeoutMs: 170_000 };

test('lifecycle: init and spawningComplete fire, quitting sets the exit code', async (t) => {
	const target = await useTarget(t);
	const result = await runDrove(['-f', fixturePlan('lifecycle.ts'), '--headless', '-u', '2', '-r', '10', '-t', '2s', '-H', target.url], t, { ...slow, env: { DROVE_TEST_EXIT_CODE: '7' } });
	assert.equal(result.code, 7, result.stderr);
	assert.match(result.stderr, /plan init master/);
	assert.match(result.stderr, /plan init worker/);
	assert.match(result.stderr, /plan spawning complete master 2/);
	assert.match(result.stderr, /plan quitting requests=\d+ exit=0/);
});
