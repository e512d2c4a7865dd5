import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataset } from '../../source/data/dataset.ts';
import { DataExhaustedError } from '../../source/data/data-exhausted-error.ts';
import { DroveError } from '../../source/errors.ts';
import type { TaskContext } from '../../source/plan/context.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

void test('users on all workers never get the same row without cycle', () => {
	const rows = range(60);
	const count = 3;
	// Each worker is its own process with its own Dataset object over the same rows.
	const workers = range(count).map(() => dataset(rows, { name: 'ids' }));
	const given: number[] = [];
	for (let userId = 0; userId < 20; userId++) {
		workers.forEach((data, index) => given.push(data.forUser({ worker: { index, count }, userId })));
	}
	assert.equal(new Set(given).size, given.length, 'no row given twice');
	assert.equal(given.length, 60);
	// And the next take anywhere runs out.
	assert.throws(() => workers[1]?.take({ worker: { index: 1, count } }), DataExhaustedError);
});

void test('forUser is sticky per user; take gives a new row every call', () => {
	const data = dataset(['a', 'b', 'c', 'd']);
	const worker = { index: 0, count: 1 };
	assert.equal(data.forUser({ worker, userId: 7 }), 'a');
	assert.equal(data.forUser({ worker, userId: 8 }), 'b');
	assert.equal(data.forUser({ worker, userId: 7 }), 'a');
	assert.equal(data.take({ worker }), 'c');
	assert.equal(data.take({ worker }), 'd');
	assert.equal(data.remaining({ worker }), 0);
	assert.equal(data.tryTake({ worker }), undefined);
	assert.throws(() => data.forUser({ worker }), (error: unknown) => error instanceof DroveError && error.code === 'DATA_NO_USER_ID');
});

void test('running out throws DataExhaustedError with one clear line', () => {
	const data = dataset(range(10), { name: 'accounts.csv' });
	const worker = { index: 1, count: 2 };
	for (let i = 0; i < 5; i++) data.take({ worker });
	assert.throws(() => data.take({ worker }), (error: unknown) => {
		assert.ok(error instanceof DataExhaustedError);
		assert.equal(error.code, 'DATA_EXHAUSTED');
		assert.equal(error.message, 'dataset "accounts.csv": worker 1 of 2 has used all 5 of its rows (10 in all); add rows, run fewer users, or pass { cycle: true } to reuse them');
		assert.ok(!error.message.includes('\n'));
		return true;
	});
});

void test('cycle wraps around the worker\'s own share and never crosses into another\'s', () => {
	const rows = range(7);
	const worker = { index: 2, count: 3 };
	const data = dataset(rows, { cycle: true });
	const got = range(7).map(() => data.take({ worker }));
	assert.deepEqual(got, [2, 5, 2, 5, 2, 5, 2]);
	assert.equal(data.remaining({ worker }), Number.POSITIVE_INFINITY);
});

void test('an empty share runs out at once, even with cycle', () => {
	const data = dataset(['only', 'two'], { cycle: true, name: 'tiny' });
	const worker = { index: 2, count: 3 };
	assert.equal(data.remaining({ worker }), 0);
	assert.throws(() => data.take({ worker }), /tiny": worker 2 of 3 has no rows \(2 in all, fewer than the workers\)/);
});

void test('the share is bound on first use and kept when the slot later changes', () => {
	const data = dataset(range(10));
	assert.equal(data.take({ worker: { index: 0, count: 2 } }), 0);
	assert.deepEqual(data.boundWorker, { index: 0, count: 2 });
	// The fleet grew: re-splitting would replay row 0 to this worker, so the share stays.
	assert.equal(data.take({ worker: { index: 0, count: 5 } }), 2);
});

void test('a loader runs once, on the first take', () => {
	let loads = 0;
	const data = dataset(() => {
		loads++;
		return ['x', 'y'];
	});
	assert.equal(loads, 0);
	data.take({ worker: { index: 0, count: 1 } });
	data.take({ worker: { index: 0, count: 1 } });
	assert.equal(loads, 1);
});

void test('the task context a plan gets is a data context', () => {
	// Compile-time check that tasks can pass their context straight in: accounts.forUser(ctx).
	const ctx = (userId: number): TaskContext => ({ userId, worker: { index: 1, count: 2 } }) as Pick<TaskContext, 'userId' | 'worker'> as TaskContext;
	const data = dataset(['a', 'b', 'c', 'd']);
	assert.equal(data.forUser(ctx(0)), 'b');
	assert.equal(data.take(ctx(1)), 'd');
	assert.equal(data.tryTake(ctx(2)), undefined);
});
