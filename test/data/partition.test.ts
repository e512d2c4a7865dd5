import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partition, shareSize } from '../../source/data/partition.ts';
import { DroveError } from '../../source/errors.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

void test('the shares of every worker are disjoint and together cover the rows', () => {
	for (const [rows, count] of [[100, 2], [100, 3], [7, 3], [3, 7], [1, 1], [0, 4], [101, 10]] as const) {
		const all = range(rows);
		const shares = range(count).map((index) => partition(all, { index, count }));
		const seen = shares.flat().sort((a, b) => a - b);
		assert.deepEqual(seen, all, `${rows} rows over ${count} workers`);
		const sizes = shares.map((share) => share.length);
		assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes.join(',')} differ by at most one`);
		sizes.forEach((size, index) => assert.equal(size, shareSize(rows, { index, count })));
	}
});

void test('odd counts: 7 rows over 3 workers go 3, 2, 2 in stride order', () => {
	const rows = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
	assert.deepEqual(partition(rows, { index: 0, count: 3 }), ['a', 'd', 'g']);
	assert.deepEqual(partition(rows, { index: 1, count: 3 }), ['b', 'e']);
	assert.deepEqual(partition(rows, { index: 2, count: 3 }), ['c', 'f']);
});

void test('a bad slot is refused with a clear error, not a silent overlap', () => {
	for (const slot of [{ index: 3, count: 3 }, { index: -1, count: 2 }, { index: 0, count: 0 }, { index: 0.5, count: 2 }, { index: 0, count: Number.NaN }]) {
		assert.throws(() => partition([1, 2, 3], slot), (error: unknown) => error instanceof DroveError && error.code === 'DATA_WORKER_SLOT', JSON.stringify(slot));
	}
});
