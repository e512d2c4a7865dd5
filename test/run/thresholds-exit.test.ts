// Thresholds through the real `drove` command: pass (0), fail (4, the table says which), bad (2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan } from './drove-cli.ts';

/** The machine may be shared and slow: a run of a few seconds may take a minute or more to start and end. */
const slow = { timeoutMs: 170_000 };

test('thresholds: pass is 0, a failed one is 4 with the table saying which, a bad one is 2 before the run', async (t) => {
	const target = await useTarget(t);
	const base = ['-f', fixturePlan('steady.ts'), '--headless', '-u', '2', '-r', '10', '-t', '2s', '-H', target.url];
	// The judged runs end when their plan has had 5 answers (quit), not after -t 2s: three runs
	// at once on a loaded box could spend 2 s starting, and "requests > 0" or "failRatio < 0.5"
	// then failed for want of evidence. -t only caps a run that never gets there.
	const judged = ['-f', fixturePlan('lifecycle.ts'), '--headless', '-u', '2', '-r', '10', '-t', '60s', '-H', target.url];
	const quitAfter = { ...slow, env: { DROVE_TEST_QUIT_AFTER: '5' } };
	const [pass, fail, bad] = await Promise.all([
		runDrove([...judged, '--threshold', 'p95 < 10000', '--threshold', 'requests > 0'], t, quitAfter),
		runDrove([...judged, '--threshold', 'failRatio < 0.5', '--threshold', 'GET /checkout: p99 < 800'], t, quitAfter),
		runDrove([...base, '--threshold', 'p96 < 3'], t, slow),
	]);
	assert.equal(pass.code, 0, pass.stderr);
	assert.match(pass.stdout, /Thresholds \(all 2 passed\)/);
	assert.equal(fail.code, 4, fail.stderr);
	assert.match(fail.stdout, /Thresholds \(1 of 2 failed\)/);
	assert.match(fail.stdout, /FAIL\s+GET \/checkout: p99 < 800\s+-\s+no requests for GET \/checkout/);
	assert.equal(bad.code, 2, bad.stderr);
	assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
	assert.match(bad.stderr, /^drove: --threshold: "p96 < 3": unknown metric "p96"/);
});
