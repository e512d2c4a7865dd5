import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadShape, stages } from '../../source/plan/shape.ts';
import { formatShapeOutline, formatShapeProgress, ShapeDriver } from '../../source/shape/shape-driver.ts';
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
	assert.equal(formatShapeProgress(progress, formatElapsed), 'stage 1/2 → 10 users, 5s left · next 0 users · 15s of 20s left');
	driver.pause(31_000);
	assert.equal(formatShapeProgress(driver.progress(31_000)!, formatElapsed), 'stage 1/2 → 10 users, 5s left · next 0 users · 15s of 20s left · manual: shape paused, g resumes');
	driver.resume(31_000);
	assert.equal(formatShapeProgress(driver.progress(40_500)!, formatElapsed), 'stage 2/2 → 0 users, 6s left · last stage', 'a part-second left counts as a second');
});

void test('the outline says what a shape will do: its stages, their length and targets; a tick shape decides as it goes', () => {
	assert.equal(formatShapeOutline(stages([{ duration: '40s', users: 4 }, { duration: '30s', users: 8 }, { duration: '10s', users: 0 }]), formatElapsed), '3 stages in 1m20s: 4 → 8 → 0 users');
	const many = stages(Array.from({ length: 7 }, (_, i) => ({ duration: '1m', users: i + 1 })));
	assert.equal(formatShapeOutline(many, formatElapsed), '7 stages in 7m00s: 1 → 2 → 3 → 4 → 5 → … users');
	assert.equal(formatShapeOutline(stages([{ duration: '5s', users: 2 }]), formatElapsed), '1 stage in 5s: 2 users');
	assert.equal(formatShapeOutline(loadShape(() => null), formatElapsed), "the plan's tick decides the users");
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
