/**
 * Line charts as SVG text, drawn when the report is written rather than in the reader's
 * browser: the report then needs no script to show its charts (CI artifact viewers such as
 * Jenkins' serve HTML under a CSP that blocks scripts), prints, and is tested without a DOM.
 * d3-scale picks the axis ranges and ticks, d3-shape turns the points into paths. Pure.
 *
 * Colours are CSS classes (`s0`..`s7`, `grid`, `axis`) so the page's light and dark schemes
 * restyle them.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { formatStopwatch } from '../format.ts';
import { escapeHtml } from './html-escape.ts';

/** One line: a value per x (null leaves a gap). */
export interface ChartSeries {
	label: string;
	values: ReadonlyArray<number | null>;
}

/** A chart over seconds of the run. */
export interface ChartSpec {
	/** For the SVG's accessible name. */
	title: string;
	/** Seconds since the run started, one per value, ascending. */
	seconds: readonly number[];
	series: readonly ChartSeries[];
	/** Formats a y tick, e.g. `12 ms`. */
	formatY?: (value: number) => string;
	width?: number;
	height?: number;
}

/** Past this many points a series is averaged down: more would be wider than the chart. */
export const MAX_POINTS = 1200;
/** Lines get one of this many colours, in turn. */
export const COLOURS = 8;

const MARGIN = { top: 8, right: 12, bottom: 24, left: 56 };

/**
 * Averages consecutive points into at most `max` (each bucket: mean x, mean of its non-null
 * values, or null if all are null). Keeps the input as is when it is short enough.
 */
export function downsample(seconds: readonly number[], values: ReadonlyArray<number | null>, max = MAX_POINTS): Array<[number, number | null]> {
	const n = Math.min(seconds.length, values.length);
	const size = Math.max(1, Math.ceil(n / max));
	const out: Array<[number, number | null]> = [];
	for (let start = 0; start < n; start += size) {
		const end = Math.min(n, start + size);
		let x = 0;
		let sum = 0;
		let count = 0;
		for (let i = start; i < end; i++) {
			x += seconds[i]!;
			const v = values[i];
			if (v !== null && v !== undefined && Number.isFinite(v)) {
				sum += v;
				count++;
			}
		}
		out.push([x / (end - start), count === 0 ? null : sum / count]);
	}
	return out;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** The chart as an `<svg>` element (scales to its container's width). */
export function renderLineChart(spec: ChartSpec): string {
	const width = spec.width ?? 960;
	const height = spec.height ?? 220;
	const formatY = spec.formatY ?? ((v: number) => String(v));
	const lines = spec.series.map((s) => downsample(spec.seconds, s.values));
	const first = spec.seconds[0] ?? 0;
	const last = spec.seconds.at(-1) ?? first + 1;
	let top = 0;
	for (const points of lines) for (const [, v] of points) if (v !== null && v > top) top = v;
	const x = scaleLinear().domain([first, last > first ? last : first + 1]).range([MARGIN.left, width - MARGIN.right]);
	const y = scaleLinear().domain([0, top > 0 ? top : 1]).nice(5).range([height - MARGIN.bottom, MARGIN.top]);
	const path = line<[number, number | null]>()
		.defined((p) => p[1] !== null)
		.x((p) => round1(x(p[0])))
		.y((p) => round1(y(p[1]!)));

	const parts: string[] = [];
	for (const tick of y.ticks(5)) {
		const ty = round1(y(tick));
		parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${ty}" y2="${ty}"/>`);
		parts.push(`<text class="axis" x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(formatY(tick))}</text>`);
	}
	// Whole seconds only: a 6 s run would otherwise label 0:01 twice.
	for (const tick of x.ticks(8).filter((value) => Number.isInteger(value - first))) {
		parts.push(`<text class="axis" x="${round1(x(tick))}" y="${height - 6}" text-anchor="middle">${formatStopwatch(Math.round(tick - first) * 1000)}</text>`);
	}
	lines.forEach((points, i) => {
		const d = path(points) ?? '';
		parts.push(`<path class="line s${i % COLOURS}" d="${d}"><title>${escapeHtml(spec.series[i]!.label)}</title></path>`);
	});
	return `<svg class="chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(spec.title)}">${parts.join('')}</svg>`;
}

/** The chart's legend, as HTML: a swatch in each line's colour and its label. */
export function renderLegend(series: readonly ChartSeries[]): string {
	const items = series.map((s, i) => `<li><span class="swatch b${i % COLOURS}"></span>${escapeHtml(s.label)}</li>`);
	return `<ul class="legend">${items.join('')}</ul>`;
}
