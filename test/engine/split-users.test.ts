import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitUsers } from '../../source/engine/split-users.ts';

void test('splits by weight with an exact sum', () => {
	assert.deepEqual(splitUsers([{ name: 'a', weight: 3 }, { name: 'b', weight: 1 }], 10), { a: 8, b: 2 });
	assert.deepEqual(splitUsers([{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }, { name: 'c', weight: 1 }], 10), { a: 4, b: 3, c: 3 });
	assert.deepEqual(splitUsers([{ name: 'a', weight: 1 }], 0), { a: 0 });
});

void test('fixed counts first, in order, as far as the total goes', () => {
	const classes = [{ name: 'admin', weight: 1, fixedCount: 2 }, { name: 'a', weight: 3 }, { name: 'b', weight: 1 }];
	assert.deepEqual(splitUsers(classes, 10), { admin: 2, a: 6, b: 2 });
	assert.deepEqual(splitUsers(classes, 1), { admin: 1, a: 0, b: 0 });
	assert.deepEqual(splitUsers([{ name: 'only', weight: 1, fixedCount: 3 }], 10), { only: 3 }, 'no weighted class: the rest is not placed');
});

void test('randomised: sums are exact and each share is within one of its exact value', () => {
	for (let round = 0; round < 500; round++) {
		const n = 1 + Math.floor(Math.random() * 6);
		const classes = Array.from({ length: n }, (_, i) => ({ name: `c${i}`, weight: 1 + Math.floor(Math.random() * 10) }));
		const total = Math.floor(Math.random() * 1000);
		const counts = splitUsers(classes, total);
		const sum = Object.values(counts).reduce((a, b) => a + b, 0);
		assert.equal(sum, total);
		const weightSum = classes.reduce((a, c) => a + c.weight, 0);
		for (const c of classes) assert.ok(Math.abs(counts[c.name]! - (total * c.weight) / weightSum) < 1);
	}
});
