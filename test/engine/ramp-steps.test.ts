import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesDue, delayToNext, nextChange } from '../../source/engine/ramp.ts';

const cls = (name: string, target: number, ids: number[]) => ({ name, target, active: ids.map((id) => ({ id })) });

void test('the ramp stops the newest surplus user first, across classes', () => {
	const a = cls('A', 1, [0, 3]);
	const b = cls('B', 0, [1, 5]);
	const change = nextChange([a, b]);
	assert.ok(change && 'stop' in change);
	assert.equal(change.stop.name, 'B');
});

void test('the ramp starts a user of the class furthest behind its target, by share missing', () => {
	const a = cls('A', 3, [0, 1]);
	const b = cls('B', 1, []);
	const change = nextChange([a, b]);
	assert.ok(change && 'spawn' in change);
	assert.equal(change.spawn.name, 'B');
	assert.equal(nextChange([cls('A', 2, [0, 1])]), undefined);
});

void test('changes are spread evenly at the rate, the first at once', () => {
	assert.equal(changesDue(0, 2, 0), 1);
	assert.equal(changesDue(499, 2, 1), 0);
	assert.equal(changesDue(500, 2, 1), 1);
	assert.equal(changesDue(0, Infinity, 0), Infinity);
	assert.equal(delayToNext(100, 2, 1), 400);
	assert.equal(delayToNext(900, 2, 1), 0);
});
