/**
 * Several series in one line chart, each drawn with glyphs of its own (light, heavy, double,
 * dashed box lines...), so the lines can be told apart without colour (NO_COLOR, a monochrome
 * terminal, a copied screen) as well as with it. asciichart draws every series with one set of
 * symbols, so each series is plotted alone, on the same scale, and the plots are layered: where
 * two lines cross, the earlier series (the busier worker) is drawn on top. Pure.
 */
import { createRequire } from 'node:module';
import type * as Asciichart from 'asciichart';

// asciichart is a CommonJS module whose exports Node's ESM loader cannot see by name, and its
// types declare a `default` colour; require() gets the real object with the right type. Chart.tsx
// plots single-colour charts with it directly.
export const asciichart = createRequire(import.meta.url)('asciichart') as typeof Asciichart;

/**
 * asciichart's `symbols`, in its order: axis at zero, axis, two it does not use, flat, and the
 * corners (low end of a fall, high end of a rise, high end of a fall, low end of a rise), then
 * vertical. Every set keeps the light axis, so the axis reads the same whatever the lines are.
 */
export type LineGlyphs = readonly [string, string, string, string, string, string, string, string, string, string];

/** One glyph set a line, in the order lines are given them. */
export const LINE_GLYPHS: readonly LineGlyphs[] = [
	['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'],
	['┼', '┤', '╺', '╸', '━', '┗', '┏', '┓', '┛', '┃'],
	['┼', '┤', '╶', '╴', '═', '╚', '╔', '╗', '╝', '║'],
	['┼', '┤', '╶', '╴', '╌', '╰', '╭', '╮', '╯', '╎'],
	['┼', '┤', '╺', '╸', '╍', '┗', '┏', '┓', '┛', '╏'],
	['┼', '┤', '-', '-', '-', '+', '+', '+', '+', '|'],
];

/** Dots: for a line that is "everything else" (the summed rest of the workers). */
export const REST_GLYPHS: LineGlyphs = ['┼', '┤', '·', '·', '·', '·', '·', '·', '·', ':'];

/** The glyph that stands for a line in a legend: its flat stroke. */
export function legendMark(glyphs: LineGlyphs): string {
	return glyphs[4];
}

/** A run of cells in a row: the characters and the series that drew them (undefined: labels, axis, blank). */
export interface PlotRun {
	text: string;
	series: number | undefined;
}

/** Options of {@link layeredPlot}, as asciichart's. */
export interface LayeredPlotOptions {
	/** asciichart's height: rows minus one. */
	height: number;
	/** Formats a y-axis label; every label must have the same width. */
	format: (value: number) => string;
}

/**
 * Plot `series` (equal lengths, finite values >= 0) from 0 to their common maximum (1 when all
 * are 0), series i with `glyphs[i]`. Returns each row as runs of cells by the series that drew
 * them, top row first.
 */
export function layeredPlot(series: readonly (readonly number[])[], glyphs: readonly LineGlyphs[], options: LayeredPlotOptions): PlotRun[][] {
	if (series.length === 0 || series[0]!.length === 0) return [];
	let max = 0;
	for (const values of series) for (const value of values) if (value > max) max = value;
	const config = { height: options.height, min: 0, max: max > 0 ? max : 1, format: options.format };
	const grids = series.map((values, index) => asciichart.plot([values as number[]], { ...config, symbols: [...(glyphs[index] ?? LINE_GLYPHS[0]!)] }).split('\n').map((row) => Array.from(row)));
	// asciichart's row: the label, a space, the axis, then one column a point.
	const axis = options.format(0).length + 1;
	return grids[0]!.map((row, y) => {
		const runs: PlotRun[] = [];
		const push = (char: string, owner: number | undefined) => {
			const last = runs[runs.length - 1];
			if (last !== undefined && last.series === owner) last.text += char;
			else runs.push({ text: char, series: owner });
		};
		for (let x = 0; x < row.length; x++) {
			if (x < axis) {
				push(row[x]!, undefined);
			} else if (x === axis) {
				// A series whose first value is on this row marks the axis with its zero glyph.
				push(grids.some((grid) => grid[y]![x] === '┼') ? '┼' : '┤', undefined);
			} else {
				const owner = grids.findIndex((grid) => grid[y]![x] !== ' ');
				push(owner < 0 ? ' ' : grids[owner]![y]![x]!, owner < 0 ? undefined : owner);
			}
		}
		return runs;
	});
}
