// stopUser() and quit() from a plan, through the real `drove` command.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan } from './drove-cli.ts';

/** The machine may be shared and slow: a run of a few seconds may take a minute or more to start and end. */
const slow = { timeoutMs: 170_000 };
import { parseSummary } from './summary-json.ts';

test('stopUser(): each user stops after one request and is not replaced; quit() ends the run with its reason', async (t) => {
	const target = await useTarget(t);
	const [stopped, quitted] = await Promise.all([
		runDrove(['-f', fixturePlan('lifecycle.ts'), '--json', '-u', '3', '-r', '10', '-t', '3s', '-H', target.url], t, { ...slow, env: { DROVE_TEST_STOP_USER: '1' } }),
		runDrove(['-f', fixturePlan('lifecycle.ts'), '--json', '-u', '2', '-r', '10', '-t', '60s', '-H', target.url], t, { ...slow, env: { DROVE_TEST_QUIT_AFTER: '5' } }),
	]);
	assert.equal(stopped.code, 0, stopped.stderr);
	assert.equal(parseSummary(stopped.stdout).aggregated.requests, 3, 'one request per user, nobody replaced');
	assert.equal(stopped.stderr.match(/plan onStop/g)?.length, 3, stopped.stderr);

	assert.equal(quitted.code, 0, quitted.stderr);
	const summary = parseSummary(quitted.stdout);
	assert.equal(summary.run.stopReason, 'plan-quit');
	assert.equal(summary.run.stopDetail, 'enough');
	assert.ok(summary.run.durationSeconds < 30, `ended early, after ${summary.run.durationSeconds} s`);
});
