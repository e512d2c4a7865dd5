// --abort-on-threshold stops a run early once a threshold failed for its grace period.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan } from './drove-cli.ts';

/** The machine may be shared and slow: a run of a few seconds may take a minute or more to start and end. */
const slow = { timeoutMs: 170_000 };
import { parseSummary } from './summary-json.ts';

test('--abort-on-threshold stops the run once a threshold failed for the grace period', async (t) => {
	const target = await useTarget(t);
	const result = await runDrove(
		['-f', fixturePlan('steady.ts'), '--json', '-u', '2', '-r', '10', '-t', '60s', '-H', target.url, '--threshold', 'max < 0.001', '--abort-on-threshold', '--threshold-grace', '1s'],
		t,
		slow,
	);
	assert.equal(result.code, 4, result.stderr);
	const summary = parseSummary(result.stdout);
	assert.equal(summary.run.stopReason, 'threshold');
	assert.match(summary.run.stopDetail ?? '', /^threshold "max < 0\.001" failed for 1s/);
	assert.ok(summary.run.durationSeconds < 30, `stopped early, after ${summary.run.durationSeconds} s`);
});
