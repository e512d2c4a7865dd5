import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadShape, stages } from '../../source/plan/shape.ts';
import { formatShapeProgress, ShapeDriver } from '../../source/shape/shape-driver.ts';
import { formatElapsed } from '../../source/format.ts';
import type { EndpointStats } from '../../source/stats/snapshot.ts';

const stats = { requests: 0 } as unknown as EndpointStats;
const live = { users: 0, stats };

void test('a stages shape gives each stage its target and rate, then ends', () => {
	const driver = new ShapeDriver(stages([{ duration: '2s', users: 4 }, { duration: '2s', users: 0 }]));
	assert.deepEqual(driver.step(0, live), { kind: 'hold' }, 'not started yet');
	driver.start(1000);
	assert.deepEqual(driver.step(1000, live), { kind: 'target', users: 4, spawnRate: 2 });
	assert.deepEqual(driver.step(3000, live), { kind: 'target', users: 0, spawnRate: 2 });
	assert.deepEqual(driver.step(5000, live), { kind: 'end' });
	assert.ok(driver.isEnded);
	assert.equal(driver.progress(5000), null);
});

void test('manual control pauses the shape clock; resuming carries on where it was', () => {
	const driver = new ShapeDriver(stages([{ duration: '10s', users: 10 }, { duration: '10s', users: 0 }]));
	driver.start(0);
	driver.pause(4000);
	assert.deepEqual(driver.step(30_000, live), { kind: 'hold' });
	assert.equal(driver.progress(30_000)?.paused, true);
	driver.resume(30_000);
	assert.equal(driver.elapsedMs(31_000), 5000);
	const progress = driver.progress(31_000)!;
	assert.equal(formatShapeProgress(progress, formatElapsed), 'stage 1/2 · 15s left · next target 0 users');
	driver.pause(31_000);
	assert.equal(formatShapeProgress(driver.progress(31_000)!, formatElapsed), 'stage 1/2 · 15s left · next target 0 users · manual: shape paused');
});

void test('a tick shape sees elapsed seconds and live figures; null ends it; bad returns hold with a reason', () => {
	const seen: number[] = [];
	const driver = new ShapeDriver(
		loadShape(({ elapsed, users }) => {
			seen.push(elapsed);
			if (elapsed >= 3) return null;
			if (elapsed >= 2) return { users: -1 };
			return { users: 5 + users, userClasses: ['web'] };
		}),
	);
	driver.start(0);
	assert.deepEqual(driver.step(0, { users: 0, stats }), { kind: 'target', users: 5, spawnRate: 5, userClasses: ['web'] });
	assert.deepEqual(driver.step(1000, { users: 3, stats }), { kind: 'target', users: 8, spawnRate: 5, userClasses: ['web'] });
	const bad = driver.step(2000, live);
	assert.equal(bad.kind, 'hold');
	assert.match(bad.kind === 'hold' ? bad.error ?? '' : '', /users -1; it must be a whole number >= 0/);
	assert.deepEqual(driver.step(3000, live), { kind: 'end' });
	assert.deepEqual(seen, [0, 1, 2, 3]);
});

void test("a tick that throws holds and reports the plan's error", () => {
	const driver = new ShapeDriver(loadShape(() => {
		throw new Error('boom');
	}));
	driver.start(0);
	assert.deepEqual(driver.step(0, live), { kind: 'hold', error: "the shape's tick threw: boom" });
});
