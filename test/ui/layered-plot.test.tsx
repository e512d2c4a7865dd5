// Lines told apart without colour: each series of the per-worker chart drawn with glyphs of its
// own, layered on one scale (the busier worker on top where lines cross), and a legend that
// shows each line's glyph beside its worker, under NO_COLOR as with colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import ColorContext from '../../source/ui/color-context.ts';
import ChartsView from '../../source/ui/components/ChartsView.tsx';
import { LINE_GLYPHS, REST_GLYPHS, layeredPlot, type LineGlyphs, type PlotRun } from '../../source/ui/layered-plot.ts';
import { sampleModel, startMs } from './fixtures/sample-model.ts';

const format = (value: number) => value.toFixed(1).padStart(7);
const rowText = (runs: readonly PlotRun[]) => runs.map((run) => run.text).join('');
/** The glyphs a line draws, the axis left out. */
const strokes = (glyphs: LineGlyphs) => new Set(glyphs.slice(2));

void test('each series keeps its own glyphs; where lines cross the earlier one is on top', () => {
	const rising = [0, 1, 2, 3, 4, 5, 6, 7, 8];
	const falling = [8, 7, 6, 5, 4, 3, 2, 1, 0];
	const flat = [2, 2, 2, 2, 2, 2, 2, 2, 2];
	const glyphs = [LINE_GLYPHS[0]!, LINE_GLYPHS[1]!, REST_GLYPHS];
	const rows = layeredPlot([rising, falling, flat], glyphs, { height: 8, format });
	assert.equal(rows.length, 9, 'height + 1 rows');
	const width = rowText(rows[0]!).length;
	for (const runs of rows) {
		assert.equal(rowText(runs).length, width, 'every row as wide');
		for (const run of runs) {
			if (run.series === undefined) continue;
			for (const char of run.text) assert.ok(strokes(glyphs[run.series]!).has(char), `${char} is not a glyph of series ${run.series}`);
		}
	}
	const drawn = (series: number) => rows.flatMap((runs) => runs.filter((run) => run.series === series)).reduce((n, run) => n + run.text.length, 0);
	assert.ok(drawn(0) >= rising.length - 1, 'the rising line is drawn whole');
	assert.ok(drawn(1) > 0 && drawn(2) > 0, 'the lines under it still show');
	// The rising and falling lines cross in the middle column: the first series owns that cell.
	const middle = rows[4]!;
	let column = 0;
	const owners = new Map<number, number | undefined>();
	for (const run of middle) for (const _ of run.text) owners.set(column++, run.series);
	assert.equal(owners.get(format(0).length + 1 + 4), 0, rowText(middle));
	// Labels and axis are asciichart's: the top label is the maximum, the bottom one 0.
	assert.match(rowText(rows[0]!), /^ {4}8\.0 [┼┤]/);
	assert.match(rowText(rows[8]!), /^ {4}0\.0 ┼/);
});

void test('all zeros still plot on a 0-1 axis, and no series draws nothing', () => {
	assert.deepEqual(layeredPlot([], [], { height: 4, format }), []);
	const rows = layeredPlot([[0, 0, 0]], [LINE_GLYPHS[0]!], { height: 4, format });
	assert.equal(rows.length, 5);
	assert.match(rowText(rows[0]!), /^ {4}1\.0 [┼┤]/);
	assert.match(rowText(rows[4]!), /─/);
});

void test('under NO_COLOR the per-worker chart shows each worker its own line glyph, in the lines and in the legend', (t) => {
	const base = sampleModel();
	const workerRates = base.history.map((point, second) => ({ atMs: startMs + second * 1000, rps: { 'w-a': 10 + (second % 4), 'w-b': 5 + (second % 3), 'w-c': 1 } }));
	const instance = render(
		<ColorContext.Provider value={false}>
			<ChartsView history={base.history} workerRates={workerRates} width={80} height={30} />
		</ColorContext.Provider>,
	);
	t.after(() => instance.unmount());
	const frame = instance.lastFrame() ?? '';
	const lines = frame.split('\n');
	const legendAt = lines.findIndex((line) => line.startsWith('req/s by worker:'));
	assert.equal(lines[legendAt], 'req/s by worker: ─ w-a  ━ w-b  ═ w-c');
	const plot = lines.slice(legendAt + 1).join('\n');
	for (const glyph of ['━', '═']) assert.ok(plot.includes(glyph), `the plot draws ${glyph}:\n${plot}`);
});
