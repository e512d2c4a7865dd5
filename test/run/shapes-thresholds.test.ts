// Load shapes, thresholds and the plan's lifecycle through the real `drove` command, headless,
// against the fixture target on loopback. Every run is a few seconds and ends by itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { runDrove, fixturePlan } from './drove-cli.ts';

interface Summary {
	run: { stopReason: string; stopDetail: string | null; shape: string | null; exitCode: number; durationSeconds: number };
	aggregated: { requests: number };
	thresholds: Array<{ expression: string; ok: boolean; value: number | null; problem: string | null }>;
	timeline: Array<{ second: number; users: number; targetUsers: number; rps: number }>;
}

const parse = (stdout: string): Summary => JSON.parse(stdout) as Summary;
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

test('a 3-stage shape: the target and the per-second request rate follow the stages, and the run ends by itself', async (t) => {
	const target = await useTarget(t);
	const result = await runDrove(['-f', fixturePlan('staged.ts'), '--json', '-H', target.url], t);
	assert.equal(result.code, 0, result.stderr);
	const summary = parse(result.stdout);
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

test('a tick shape that returns null ends the run; --stages overrides the plan shape', async (t) => {
	const target = await useTarget(t);
	const [tick, override] = await Promise.all([
		runDrove(['-f', fixturePlan('ticking.ts'), '--json', '-H', target.url], t),
		runDrove(['-f', fixturePlan('staged.ts'), '--json', '-H', target.url, '--stages', '1s:1@5,1s:0@5'], t),
	]);
	assert.equal(tick.code, 0, tick.stderr);
	const ticked = parse(tick.stdout);
	assert.equal(ticked.run.stopReason, 'shape-end');
	assert.equal(ticked.run.shape, 'tick');
	assert.ok(ticked.aggregated.requests > 0);
	assert.ok(ticked.run.durationSeconds < 20, `ended by itself after ${ticked.run.durationSeconds} s`);

	assert.equal(override.code, 0, override.stderr);
	const overridden = parse(override.stdout);
	assert.equal(overridden.run.stopReason, 'shape-end');
	assert.ok(Math.max(...overridden.timeline.map((p) => p.targetUsers)) <= 1, 'the --stages targets, not the plan\'s (2 then 6)');
});

test('thresholds: pass is 0, a failed one is 4 with the table saying which, a bad one is 2 before the run', async (t) => {
	const target = await useTarget(t);
	const base = ['-f', fixturePlan('steady.ts'), '--headless', '-u', '2', '-r', '10', '-t', '2s', '-H', target.url];
	const [pass, fail, bad] = await Promise.all([
		runDrove([...base, '--threshold', 'p95 < 10000', '--threshold', 'requests > 0'], t),
		runDrove([...base, '--threshold', 'failRatio < 0.5', '--threshold', 'GET /checkout: p99 < 800'], t),
		runDrove([...base, '--threshold', 'p96 < 3'], t),
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

test('--abort-on-threshold stops the run once a threshold failed for the grace period', async (t) => {
	const target = await useTarget(t);
	const result = await runDrove(
		['-f', fixturePlan('steady.ts'), '--json', '-u', '2', '-r', '10', '-t', '60s', '-H', target.url, '--threshold', 'max < 0.001', '--abort-on-threshold', '--threshold-grace', '1s'],
		t,
	);
	assert.equal(result.code, 4, result.stderr);
	const summary = parse(result.stdout);
	assert.equal(summary.run.stopReason, 'threshold');
	assert.match(summary.run.stopDetail ?? '', /^threshold "max < 0\.001" failed for 1s/);
	assert.ok(summary.run.durationSeconds < 30, `stopped early, after ${summary.run.durationSeconds} s`);
});

test('lifecycle: init and spawningComplete fire, quitting sets the exit code', async (t) => {
	const target = await useTarget(t);
	const result = await runDrove(['-f', fixturePlan('lifecycle.ts'), '--headless', '-u', '2', '-r', '10', '-t', '2s', '-H', target.url], t, { env: { DROVE_TEST_EXIT_CODE: '7' } });
	assert.equal(result.code, 7, result.stderr);
	assert.match(result.stderr, /plan init master/);
	assert.match(result.stderr, /plan init worker/);
	assert.match(result.stderr, /plan spawning complete master 2/);
	assert.match(result.stderr, /plan quitting requests=\d+ exit=0/);
});

test('stopUser(): each user stops after one request and is not replaced; quit() ends the run with its reason', async (t) => {
	const target = await useTarget(t);
	const [stopped, quitted] = await Promise.all([
		runDrove(['-f', fixturePlan('lifecycle.ts'), '--json', '-u', '3', '-r', '10', '-t', '3s', '-H', target.url], t, { env: { DROVE_TEST_STOP_USER: '1' } }),
		runDrove(['-f', fixturePlan('lifecycle.ts'), '--json', '-u', '2', '-r', '10', '-t', '60s', '-H', target.url], t, { env: { DROVE_TEST_QUIT_AFTER: '5' } }),
	]);
	assert.equal(stopped.code, 0, stopped.stderr);
	assert.equal(parse(stopped.stdout).aggregated.requests, 3, 'one request per user, nobody replaced');
	assert.equal(stopped.stderr.match(/plan onStop/g)?.length, 3, stopped.stderr);

	assert.equal(quitted.code, 0, quitted.stderr);
	const summary = parse(quitted.stdout);
	assert.equal(summary.run.stopReason, 'plan-quit');
	assert.equal(summary.run.stopDetail, 'enough');
	assert.ok(summary.run.durationSeconds < 30, `ended early, after ${summary.run.durationSeconds} s`);
});
