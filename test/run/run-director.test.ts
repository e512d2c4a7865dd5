import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadShape, stages } from '../../source/plan/shape.ts';
import { RunDirector, type DirectorInput } from '../../source/run/run-director.ts';
import { parseThreshold, type Threshold } from '../../source/thresholds/parse-threshold.ts';
import { ZERO_PERCENTILES } from '../../source/stats/percentiles.ts';
import type { EndpointStats } from '../../source/stats/snapshot.ts';

function aggregated(requests: number, p95 = 10): EndpointStats {
	return {
		method: '', name: 'Aggregated', requests, failures: 0, failRatio: 0, avgMs: p95, minMs: 1, maxMs: p95, medianMs: p95, avgContentBytes: 0,
		rps: requests, fps: 0, currentRps: 0, currentFps: 0, percentiles: { ...ZERO_PERCENTILES, '95': p95 }, currentPercentiles: ZERO_PERCENTILES,
	};
}
const at = (now: number, extra: Partial<DirectorInput> = {}): DirectorInput => ({ now, users: 0, rampComplete: false, stats: { aggregated: aggregated(10), endpoints: [] }, ...extra });
const th = (text: string): Threshold => parseThreshold(text) as Threshold;

void test('stages: a target per stage change (not every second), then stop at the end', () => {
	const director = new RunDirector({ shape: stages([{ duration: '2s', users: 4 }, { duration: '2s', users: 0 }]) });
	assert.deepEqual(director.start(at(0)), [{ type: 'set-target', users: 4, spawnRate: 2 }]);
	assert.deepEqual(director.tick(at(1000)), []);
	assert.deepEqual(director.tick(at(2000)), [{ type: 'set-target', users: 0, spawnRate: 2 }]);
	assert.deepEqual(director.tick(at(4000)), [{ type: 'stop', reason: 'shape-end' }]);
	assert.deepEqual(director.tick(at(5000)), [], 'stopped once');
});

void test('manual control pauses the shape; resume re-applies its target', () => {
	const director = new RunDirector({ shape: stages([{ duration: '10s', users: 10 }, { duration: '10s', users: 0 }]) });
	director.start(at(0));
	assert.equal(director.manual(1000).length, 1);
	assert.ok(director.paused);
	assert.deepEqual(director.tick(at(60_000)), [], 'paused: no targets, no end');
	const resumed = director.resume(at(60_000));
	assert.deepEqual(resumed, [{ type: 'log', level: 'info', text: 'shape resumed' }, { type: 'set-target', users: 10, spawnRate: 1 }]);
	const progress = director.progress(60_000);
	assert.equal(progress?.kind === 'stages' ? progress.stage : 0, 1);
});

void test('a broken tick is logged once and holds', () => {
	const director = new RunDirector({ shape: loadShape(() => ({ users: -3 })) });
	const first = director.start(at(0));
	assert.equal(first.length, 1);
	assert.equal(first[0]!.type, 'log');
	assert.deepEqual(director.tick(at(1000)), []);
});

void test('--reset-stats: once, when the ramp completes', () => {
	const director = new RunDirector({ resetStatsAfterRamp: true });
	director.start(at(0));
	assert.deepEqual(director.tick(at(1000)), []);
	assert.deepEqual(director.tick(at(2000, { rampComplete: true })).map((a) => a.type), ['reset-stats', 'log']);
	assert.deepEqual(director.tick(at(3000, { rampComplete: true })), []);
});

void test('thresholds: judged live; --abort-on-threshold stops after the grace', () => {
	const director = new RunDirector({ thresholds: [th('p95 < 100'), th('requests > 5')], abortOnThreshold: true, thresholdGraceMs: 2000 });
	director.start(at(0));
	director.tick(at(1000, { stats: { aggregated: aggregated(10, 50), endpoints: [] } }));
	assert.deepEqual(director.lastResults.map((r) => r.ok), [true, true]);
	assert.deepEqual(director.tick(at(2000, { stats: { aggregated: aggregated(10, 500), endpoints: [] } })), []);
	const actions = director.tick(at(4000, { stats: { aggregated: aggregated(10, 500), endpoints: [] } }));
	assert.deepEqual(actions.map((a) => a.type), ['log', 'stop']);
	assert.deepEqual(actions[1], { type: 'stop', reason: 'threshold', detail: 'threshold "p95 < 100" failed for 2s (p95 500ms)' });
	assert.deepEqual(director.judge({ aggregated: aggregated(0), endpoints: [] }).map((r) => r.problem), ['no requests for Aggregated', 'no requests for Aggregated']);
	// A new test (Enter after a stop) shows no verdict from the last one before its first tick.
	assert.ok(director.lastResults.length > 0);
	director.start(at(5000));
	assert.deepEqual(director.lastResults, []);
});
