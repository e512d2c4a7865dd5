// Layout at 80x24 and wider: no wasted rows, columns sized to what they hold and measured the
// way the terminal measures (a CJK character takes two columns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRows } from '../../source/ui/components/ChartsView.tsx';
import { initialUiState } from '../../source/ui/dashboard-keys.ts';
import { visibleWidth } from './fixtures/render-sized.tsx';
import { showDashboard } from './fixtures/show-dashboard.tsx';
import { sampleModel } from './fixtures/sample-model.ts';

const show = showDashboard;

void test('rows split among charts leave none over', () => {
	assert.deepEqual(splitRows(19, 4), [5, 5, 5, 4]);
	assert.deepEqual(splitRows(35, 2), [18, 17]);
});

for (const [columns, rows] of [[80, 24], [120, 40], [100, 30]] as const) {
	void test(`the Charts view fills ${columns}x${rows} without blank rows`, (t) => {
		const lines = show(t, sampleModel(), initialUiState('charts'), columns, rows);
		assert.equal(lines.length, rows - 1);
		const body = lines.slice(3, -1);
		assert.deepEqual(body.filter((line) => line.trim() === '').length, 0, lines.join('\n'));
		for (const line of lines) assert.ok(visibleWidth(line) <= columns);
	});
}

void test('the Worker column is as wide as the longest name, no wider', (t) => {
	const base = sampleModel();
	const workers = base.workers.map((worker, index) => ({ ...worker, id: `worker-${index}a` }));
	const lines = show(t, { ...base, workers }, initialUiState('workers'), 120, 40);
	const header = lines.find((line) => line.startsWith('Worker'))!;
	assert.match(header, /^Worker {4}State/, '9-character names: a 9-character column');
});

void test('CJK endpoint names line up with the rest', (t) => {
	const base = sampleModel();
	const stats = [
		{ ...base.aggregated, method: 'GET', name: '/商品/一覧', requests: 500 },
		{ ...base.aggregated, method: 'GET', name: '/商品/詳細/とても長い名前の商品ページ/その先', requests: 400 },
		{ ...base.aggregated, method: 'GET', name: '/plain', requests: 300 },
	];
	for (const columns of [80, 120]) {
		const lines = show(t, { ...base, stats }, initialUiState('stats'), columns, 24);
		const rows = lines.filter((line) => /^GET /.test(line));
		assert.equal(rows.length, 3);
		// The request count ends in the same terminal column on every row.
		const ends = rows.map((line) => {
			const cut = line.indexOf(line.includes('500') ? '500' : line.includes('400') ? '400' : '300') + 3;
			return visibleWidth(line.slice(0, cut));
		});
		assert.equal(new Set(ends).size, 1, rows.join('\n'));
		for (const line of lines) assert.ok(visibleWidth(line) <= columns, line);
	}
});

void test('with the per-worker chart and a flat (all-zero) failures chart, 80x24 still has no blank rows', (t) => {
	const base = sampleModel();
	const history = base.history.map((point) => ({ ...point, failuresPerSec: 0 }));
	const workerRates = history.map((point) => ({ atMs: point.atMs, rps: { 'w-a': point.rps / 2, 'w-b': point.rps / 2 } }));
	for (const [columns, rows] of [[80, 24], [120, 40]] as const) {
		const lines = show(t, { ...base, history, workerRates }, initialUiState('charts'), columns, rows);
		assert.equal(lines.length, rows - 1);
		assert.equal(lines.slice(3, -1).filter((line) => line.trim() === '').length, 0, lines.join('\n'));
		assert.match(lines.join('\n'), /req\/s by worker: ─ w-a {2}━ w-b/);
	}
});
