// Every view rendered from a hand-built model at 80x24, 120x40 and 140x40: nothing wider than
// the terminal, nothing taller, and what a person needs is on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialUiState } from '../../source/ui/dashboard-keys.ts';
import type { ViewId } from '../../source/ui/views.tsx';
import { visibleWidth } from './fixtures/render-sized.tsx';
import { showDashboard } from './fixtures/show-dashboard.tsx';
import { sampleModel, waitingModel } from './fixtures/sample-model.ts';

const sizes = [
	{ columns: 80, rows: 24 },
	{ columns: 120, rows: 40 },
	{ columns: 140, rows: 40 },
];

const show = showDashboard;

function assertFits(lines: string[], columns: number, rows: number): void {
	assert.ok(lines.length <= rows - 1, `${lines.length} lines on a ${rows}-row terminal`);
	for (const line of lines) assert.ok(visibleWidth(line) <= columns, `line wider than ${columns}: ${JSON.stringify(line)}`);
}

const views: (ViewId | 'help')[] = ['stats', 'workers', 'charts', 'failures', 'log', 'help'];

for (const { columns, rows } of sizes) {
	for (const view of views) {
		void test(`${view} view fits ${columns}x${rows}`, (t) => {
			const ui = view === 'help' ? { ...initialUiState(), help: true } : initialUiState(view);
			const lines = show(t, sampleModel(), ui, columns, rows);
			assertFits(lines, columns, rows);
			const text = lines.join('\n');
			// The header and the footer are on every view.
			assert.match(lines[0] ?? '', /RUNNING +users 50\/50 +rate 5\.0\/s +elapsed 3:03/);
			assert.match(text, /req\/s 601\.4 +fail 0\.16% +4 of 5 workers, 1 MISSING/);
			assert.match(lines.at(-1) ?? '', /^w\/W \+1\/\+10 +s\/S -1\/-10/);
			if (view === 'stats') {
				assert.match(text, /GET +\/items\/\[id\] +96433 +211 +14 +42 +70/);
				assert.match(text, /Aggregated +158\.6k +253/);
				assert.match(text, /\/a\/very\/long\/\S*…/, 'long names end in an ellipsis');
				// Rows come sorted by requests.
				assert.ok(text.indexOf('/items/[id]') < text.indexOf('GET    /  '), 'sorted by requests');
			}
			if (view === 'workers') {
				assert.match(text, /CPU>90%/);
				assert.match(text, /SLOW-RPS/);
				assert.match(text, /MISSING/);
				assert.match(text, columns === 80 ? /…\S*f3a91 +running +10 +150\.0/ : /internal-7f3a91 +running +10 +150\.0/, 'ids keep their unique end');
			}
			if (view === 'charts') {
				assert.match(text, /req\/s +now 612\.0/);
				assert.match(text, /failures\/s +now 0\.5/);
				assert.match(text, /p50 16 \(lower\), p95 46 \(upper\)/);
				assert.match(text, /users +now 50/);
				assert.match(text, /┤/);
			}
			if (view === 'failures') {
				assert.match(text, /211 GET +\/items\/\[id\] +HTTP 503 Service Unavailable/);
				assert.match(text, /4 TypeError: Cannot read/);
			}
			if (view === 'log') {
				assert.match(text, /10:02:50 WARN +master worker loadgen/);
				assert.match(text, /ERROR +loadgen-…/);
			}
			if (view === 'help') {
				assert.match(text, /modified z-score/);
				assert.match(text, /u +type an exact user count/);
			}
		});
	}
}

void test('wide terminals show the columns that 80 drops', (t) => {
	const narrow = show(t, sampleModel(), initialUiState('stats'), 80, 24).join('\n');
	const wide = show(t, sampleModel(), initialUiState('stats'), 140, 40).join('\n');
	assert.doesNotMatch(narrow, /Min ms/);
	assert.match(wide, /Min ms +Max ms +Size B/);
	const narrowWorkers = show(t, sampleModel(), initialUiState('workers'), 80, 24).join('\n');
	assert.doesNotMatch(narrowWorkers, /Mem/);
	assert.match(narrowWorkers, /Marks/, 'marks never drop');
});

void test('a waiting run says how to start it, and empty views say so', (t) => {
	for (const view of ['stats', 'workers', 'charts', 'failures', 'log'] as const) {
		const lines = show(t, waitingModel(), initialUiState(view), 80, 24);
		assertFits(lines, 80, 24);
		assert.match(lines[0] ?? '', /READY +users 0\/0/);
	}
	const stats = show(t, waitingModel(), initialUiState('stats'), 80, 24);
	assert.match(stats.at(-1) ?? '', /to start: u sets users, r the spawn rate, then Enter/);
	const set = show(t, waitingModel({ targetUsers: 20, spawnRate: 2 }), initialUiState('stats'), 80, 24);
	assert.match(set.at(-1) ?? '', /Enter starts 20 users at 2\/s/);
	const charts = show(t, waitingModel(), initialUiState('charts'), 80, 24).join('\n');
	assert.match(charts, /no data yet/);
	const workers = show(t, waitingModel(), initialUiState('workers'), 80, 24).join('\n');
	assert.match(workers, /no workers yet/);
});

void test('many endpoints: the Aggregated row stays and the rest is counted', (t) => {
	const base = sampleModel();
	const stats = Array.from({ length: 60 }, (_, index) => ({ ...base.aggregated, method: 'GET', name: `/page/${index}`, requests: 1000 - index }));
	const lines = show(t, { ...base, stats }, initialUiState('stats'), 80, 24);
	assertFits(lines, 80, 24);
	const text = lines.join('\n');
	assert.match(text, /… \d+ more/);
	assert.match(text, /Aggregated/);
	assert.match(text, /\/page\/0 /);
});
