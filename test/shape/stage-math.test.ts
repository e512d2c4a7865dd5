import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stages, loadShape, isLoadShape, resolveStages } from '../../source/plan/shape.ts';
import { idealUsers, stageAt, stageRate, stagesDurationMs } from '../../source/shape/stage-math.ts';
import { parseStages } from '../../source/shape/parse-stages.ts';

const s = (durationMs: number, users: number, spawnRate?: number) => ({ durationMs, users, ...(spawnRate !== undefined && { spawnRate }) });

void test('the default rate reaches each stage target exactly at its end', () => {
	const list = [s(30_000, 10), s(120_000, 100), s(30_000, 0)];
	assert.equal(stageRate(list, 0), 10 / 30);
	assert.equal(stageRate(list, 1), 90 / 120);
	assert.equal(stageRate(list, 2), 100 / 30);
	assert.equal(idealUsers(list, 30_000), 10);
	assert.equal(idealUsers(list, 150_000), 100);
	assert.equal(idealUsers(list, 180_000), 0);
	assert.equal(idealUsers(list, 15_000), 5);
});

void test('an explicit rate is kept; a holding stage keeps the previous rate', () => {
	const list = [s(10_000, 10, 2), s(10_000, 10), s(10_000, 100, 20)];
	assert.equal(stageRate(list, 0), 2);
	assert.equal(stageRate(list, 1), 2, 'holds: the rate before it');
	assert.equal(stageRate(list, 2), 20);
	assert.equal(stageRate([s(5000, 0)], 0), 1, 'a first stage that holds at 0 gets a rate of 1');
	assert.equal(idealUsers(list, 4000), 8);
	assert.equal(idealUsers(list, 5000), 10, 'reached early, then held');
	assert.equal(idealUsers(list, 24_000), 90);
});

void test('stageAt: a stage end belongs to the next stage; after the last, null', () => {
	const list = [s(30_000, 10), s(120_000, 100), s(30_000, 0)];
	assert.equal(stagesDurationMs(list), 180_000);
	const first = stageAt(list, 0)!;
	assert.deepEqual({ index: first.index, users: first.users, left: first.totalLeftMs, next: first.nextUsers }, { index: 0, users: 10, left: 180_000, next: 100 });
	const second = stageAt(list, 30_000)!;
	assert.equal(second.index, 1);
	assert.equal(second.stageLeftMs, 120_000);
	const last = stageAt(list, 179_999)!;
	assert.equal(last.index, 2);
	assert.equal(last.nextUsers, null);
	assert.equal(stageAt(list, 180_000), null);
});

void test('--stages parses DURATION:USERS[@RATE] and says what is wrong in one phrase', () => {
	assert.deepEqual(parseStages('30s:10,2m:100@20,30s:0'), [s(30_000, 10), s(120_000, 100, 20), s(30_000, 0)]);
	assert.deepEqual(parseStages(' 1s:2 , 1.5:3@0.5 '), [s(1000, 2), s(1500, 3, 0.5)]);
	assert.equal(parseStages('30s:10,2x:5'), 'stage 2 "2x:5": "2x" is not a duration longer than 0s, like 30s, 2m or 1h30m');
	assert.equal(parseStages('30s'), 'stage 1 "30s": must be DURATION:USERS[@RATE], like 2m:100@20');
	assert.equal(parseStages('0s:4'), 'stage 1 "0s:4": "0s" is not a duration longer than 0s, like 30s, 2m or 1h30m');
	assert.equal(parseStages('5s:-1'), 'stage 1 "5s:-1": users must be a whole number >= 0, got "-1"');
	assert.equal(parseStages('5s:3@0'), 'stage 1 "5s:3@0": the rate after @ must be a number > 0, got "0"');
	assert.match(String(parseStages('')), /^must be DURATION:USERS/);
});

void test('stages() and loadShape() are branded shapes; bad stages throw at the plan line', () => {
	const shape = stages([{ duration: '30s', users: 10 }, { duration: 90, users: 0, spawnRate: 5 }]);
	assert.ok(isLoadShape(shape));
	assert.equal(shape.kind, 'stages');
	assert.deepEqual(shape.kind === 'stages' && shape.stages, [s(30_000, 10), s(90_000, 0, 5)]);
	assert.ok(isLoadShape(loadShape(() => null)));
	assert.ok(!isLoadShape({ kind: 'stages' }));
	assert.throws(() => stages([]), /stages\(\): expected a non-empty array/);
	assert.throws(() => stages([{ duration: '1x', users: 1 }]), /stage 1: duration must be longer than 0s/);
	assert.throws(() => stages([{ duration: '1s', users: 1.5 }]), /stage 1: users must be a whole number/);
	assert.throws(() => stages([{ duration: '1s', users: 1, spawnRate: 0 }]), /spawnRate must be a number > 0/);
	assert.equal(typeof resolveStages([{ duration: '1s', users: 1 }]), 'object');
});
