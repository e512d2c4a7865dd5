// A tick shape (loadShape) that returns null ends the run; --stages overrides the plan's shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan } from './drove-cli.ts';

/** The machine may be shared and slow: a run of a few seconds may take a minute or more to start and end. */
const slow = { timeoutMs: 170_000 };
import { parseSummary } from './summary-json.ts';

test('a tick shape that returns null ends the run; --stages overrides the plan shape', async (t) => {
	const target = await useTarget(t);
	const [tick, override] = await Promise.all([
		runDrove(['-f', fixturePlan('ticking.ts'), '--json', '-H', target.url], t, slow),
		runDrove(['-f', fixturePlan('staged.ts'), '--json', '-H', target.url, '--stages', '1s:1@5,1s:0@5'], t, slow),
	]);
	assert.equal(tick.code, 0, tick.stderr);
	const ticked = parseSummary(tick.stdout);
	assert.equal(ticked.run.stopReason, 'shape-end');
	assert.equal(ticked.run.shape, 'tick');
	assert.ok(ticked.aggregated.requests > 0);
	assert.ok(ticked.run.durationSeconds < 20, `ended by itself after ${ticked.run.durationSeconds} s`);

	assert.equal(override.code, 0, override.stderr);
	const overridden = parseSummary(override.stdout);
	assert.equal(overridden.run.stopReason, 'shape-end');
	assert.ok(Math.max(...overridden.timeline.map((p) => p.targetUsers)) <= 1, 'the --stages targets, not the plan\'s (2 then 6)');
});
