// A 3-stage load shape through the real `drove` command: the target and the per-second request
// rate follow the stages, and the run ends by itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan } from './drove-cli.ts';

/** The machine may be shared and slow: a run of a few seconds may take a minute or more to start and end. */
const slow = { timeoutMs: 170_000 };
import { parseSummary } from './summary-json.ts';

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

test('a 3-stage shape: the target and the per-second request rate follow the stages, and the run ends by itself', async (t) => {
	const target = await useTarget(t);
	const result = await runDrove(['-f', fixturePlan('staged.ts'), '--json', '-H', target.url], t, slow);
	assert.equal(result.code, 0, result.stderr);
	const summary = parseSummary(result.stdout);
	assert.equal(summary.run.stopReason, 'shape-end');
	assert.equal(summary.run.shape, 'stages');
	assert.ok(summary.run.durationSeconds < 30, `ended by itself after ${summary.run.durationSeconds} s`);
	const targets = summary.timeline.map((p) => p.targetUsers);
	assert.deepEqual([...new Set(targets)], [2, 6, 0], `targets in order: ${targets.join(',')}`);
	// Each user paces itself at 10 requests/s: the second stage's settled seconds carry about
	// three times the first stage's. Generous bounds: the machine is shared and slow.
	const settled = (users: number) => summary.timeline.filter((p, i) => p.targetUsers === users && summary.timeline[i - 1]?.targetUsers === users).map((p) => p.rps);
	const low = mean(settled(2));
	const high = mean(settled(6));
	assert.ok(low > 5, `stage 1 ran (~20 req/s), got ${low}`);
	assert.ok(high > low * 1.5, `stage 2 (~60 req/s) above stage 1 (~20 req/s): ${high} vs ${low}`);
	assert.deepEqual(summary.thresholds.map((r) => [r.expression, r.ok]), [['requests > 0', true]]);
	assert.match(result.stderr, /stage 1\/3/);
	assert.match(result.stderr, /thresholds 1\/1 ok/);
});
