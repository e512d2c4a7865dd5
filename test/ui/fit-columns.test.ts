import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnGap, fitColumns, type Column } from '../../source/ui/fit-columns.ts';
import { statsColumns } from '../../source/ui/components/StatsView.tsx';
import { workersColumns } from '../../source/ui/components/WorkersView.tsx';

const width = (columns: { width: number }[]) => columns.reduce((sum, column) => sum + column.width, 0) + (columns.length - 1) * columnGap;

void test('columns drop by priority, highest number first, until the rest fits', () => {
	const columns: Column[] = [
		{ key: 'name', title: 'Name', width: 10, align: 'left', priority: 0, flex: true },
		{ key: 'a', title: 'A', width: 10, align: 'right', priority: 1 },
		{ key: 'b', title: 'B', width: 10, align: 'right', priority: 3 },
		{ key: 'c', title: 'C', width: 10, align: 'right', priority: 2 },
	];
	assert.deepEqual(fitColumns(columns, 43).map((c) => c.key), ['name', 'a', 'b', 'c']);
	assert.deepEqual(fitColumns(columns, 42).map((c) => c.key), ['name', 'a', 'c']);
	assert.deepEqual(fitColumns(columns, 25).map((c) => c.key), ['name', 'a']);
	assert.deepEqual(fitColumns(columns, 5).map((c) => c.key), ['name']);
});

void test('the flexible column takes the spare width, up to its maximum', () => {
	const placed = fitColumns([{ key: 'n', title: 'N', width: 4, align: 'left', priority: 0, flex: true, maxWidth: 30 }, { key: 'x', title: 'X', width: 5, align: 'right', priority: 0 }], 100);
	assert.equal(placed[0]?.width, 30);
	const tight = fitColumns([{ key: 'n', title: 'N', width: 4, align: 'left', priority: 0, flex: true }, { key: 'x', title: 'X', width: 5, align: 'right', priority: 0 }], 20);
	assert.equal(width(tight), 20);
});

void test('the real tables fit 80 and 140 columns and keep what matters at 80', () => {
	for (const columns of [80, 100, 120, 140]) {
		assert.ok(width(fitColumns(statsColumns, columns)) <= columns);
		assert.ok(width(fitColumns(workersColumns, columns)) <= columns);
	}
	const stats80 = fitColumns(statsColumns, 80).map((c) => c.key);
	for (const key of ['name', 'requests', 'failures', 'median', 'p95', 'p99', 'rps']) assert.ok(stats80.includes(key), key);
	assert.equal(fitColumns(statsColumns, 140).length, statsColumns.length);
	const workers80 = fitColumns(workersColumns, 80).map((c) => c.key);
	for (const key of ['id', 'users', 'rps', 'p95', 'cpu', 'marks']) assert.ok(workers80.includes(key), key);
});
