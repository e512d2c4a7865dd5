import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesDue, delayToNext, nextChange, rampPhaseMs } from '../../source/engine/ramp.ts';

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

void test('a fleet ramps one user at a time: each worker starts its first change at its phase, not all at once', () => {
	assert.equal(rampPhaseMs({ index: 0, count: 4 }, 0.25), 0, 'the first worker at once');
	assert.equal(rampPhaseMs({ index: 3, count: 4 }, 0.25), 3000, 'the last, 3/4 of its 4 s interval late');
	assert.equal(rampPhaseMs({ index: 1, count: 1 }, 1), 0, 'alone: at once');
	assert.equal(rampPhaseMs({ index: 1, count: 2 }, Infinity), 0, 'all at once stays all at once');
	// Four workers at a fleet rate of 1/s, 3 users each: when does each change fall?
	const fleetRate = 1;
	const times: number[] = [];
	for (let index = 0; index < 4; index++) {
		const rate = fleetRate / 4;
		const phase = rampPhaseMs({ index, count: 4 }, rate);
		// The engine's loop, on a clock: elapsed runs from the phase (negative before it).
		for (let made = 0, now = 0; made < 3; ) {
			const due = changesDue(now - phase, rate, made);
			for (let k = 0; k < due && made < 3; k++, made++) times.push(now);
			now += Math.max(1, delayToNext(now - phase, rate, made));
		}
	}
	times.sort((a, b) => a - b);
	assert.deepEqual(times, Array.from({ length: 12 }, (_, k) => k * 1000), 'one change a second across the fleet');
});
