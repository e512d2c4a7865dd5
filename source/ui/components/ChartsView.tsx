import React from 'react';
import { Box } from 'ink';
import type { ChartPoint, WorkerRatePoint } from '../dashboard-model.ts';
import { compactMs, compactRate } from '../../format.ts';
import Chart, { type LegendPart, type LineStyle } from './Chart.tsx';
import { LINE_GLYPHS, REST_GLYPHS, legendMark } from '../layered-plot.ts';

/** Props of {@link ChartsView}. */
export interface ChartsViewProps {
	history: readonly ChartPoint[];
	/** Per-worker requests/s; when given, a fifth chart draws one line per worker. */
	workerRates?: readonly WorkerRatePoint[];
	width: number;
	height: number;
}

/** From this width the four charts sit in a 2×2 grid instead of a column. */
export const gridMinWidth = 120;

/** `total` rows shared by `parts` charts, the first ones taking a row more, so none is left over. */
export function splitRows(total: number, parts: number): number[] {
	const each = Math.floor(total / parts);
	return Array.from({ length: parts }, (_, index) => each + (index < total % parts ? 1 : 0));
}

/** Line colours of the per-worker chart, in order (one a glyph set); the summed rest is drawn in white. */
export const workerLineColors = ['green', 'cyan', 'magenta', 'yellow', 'blue', 'red'] as const;

/** The per-worker chart's lines, their styles and the legend that names them. */
export interface WorkerRateLines {
	title: string;
	legend: LegendPart[];
	series: number[][];
	styles: LineStyle[];
}

/**
 * The per-worker chart's lines: the busiest workers each get a line with glyphs and a colour of
 * its own, as many as there are styles and as their names fit in the legend at `width`; the
 * rest are summed into one dotted white line, so the chart still adds up to the fleet.
 */
export function workerRateLines(points: readonly WorkerRatePoint[], width: number): WorkerRateLines {
	const totals = new Map<string, number>();
	for (const point of points) for (const [id, rps] of Object.entries(point.rps)) totals.set(id, (totals.get(id) ?? 0) + rps);
	const ids = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
	if (ids.length === 0) return { title: 'req/s by worker', legend: [], series: [], styles: [] };
	const title = 'req/s by worker:';
	const legend: LegendPart[] = [];
	const styles: LineStyle[] = [];
	const own: string[] = [];
	const entry = (mark: string, text: string) => `${legend.length === 0 ? ' ' : '  '}${mark} ${text}`;
	let used = title.length;
	for (const [index, id] of ids.entries()) {
		const rest = ids.length - index - 1;
		const text = entry(legendMark(LINE_GLYPHS[own.length]!), id);
		// Leave room for the summed rest's entry when workers remain.
		if (own.length >= workerLineColors.length || (rest > 0 && own.length === workerLineColors.length - 1) || used + text.length + (rest > 0 ? 16 : 0) > width) break;
		legend.push({ text, series: own.length });
		styles.push({ color: workerLineColors[own.length]!, glyphs: LINE_GLYPHS[own.length]! });
		own.push(id);
		used += text.length;
	}
	const others = ids.slice(own.length);
	const series = own.map((id) => points.map((point) => point.rps[id] ?? 0));
	if (others.length > 0) {
		legend.push({ text: entry(legendMark(REST_GLYPHS), `+${others.length} summed`), series: own.length });
		styles.push({ color: 'white', glyphs: REST_GLYPHS });
		series.push(points.map((point) => others.reduce((sum, id) => sum + (point.rps[id] ?? 0), 0)));
	}
	return { title, legend, series, styles };
}

function last(history: readonly ChartPoint[], pick: (point: ChartPoint) => number): number {
	const point = history[history.length - 1];
	return point ? pick(point) : 0;
}

/**
 * Total req/s, failures/s, p50 and p95, and users over time, one column a second. p50 and p95
 * share a chart; p95 is the upper line, which reads without colour.
 */
export default function ChartsView({ history, workerRates, width, height }: ChartsViewProps) {
	const grid = width >= gridMinWidth && height >= 12;
	const chartWidth = grid ? Math.floor((width - 1) / 2) : width;
	const byWorker = workerRates === undefined ? undefined : workerRateLines(workerRates, width);
	const heights = splitRows(height, (grid ? 2 : 4) + (byWorker ? 1 : 0));
	const chartHeight = (index: number) => Math.max(2, heights[grid ? Math.floor(index / 2) : index] ?? 2);
	const workersChart = byWorker ? (
		<Chart
			key="workers"
			title={byWorker.title}
			legend={byWorker.legend}
			series={byWorker.series}
			lineStyles={byWorker.styles}
			color="green"
			width={width}
			height={Math.max(2, heights.at(-1) ?? 2)}
		/>
	) : null;
	const series = (pick: (point: ChartPoint) => number) => history.map(pick);
	const charts = [
		<Chart key="rps" title={`req/s  now ${compactRate(last(history, (p) => p.rps))}`} series={[series((p) => p.rps)]} color="green" width={chartWidth} height={chartHeight(0)} />,
		<Chart key="fails" title={`failures/s  now ${compactRate(last(history, (p) => p.failuresPerSec))}`} series={[series((p) => p.failuresPerSec)]} color="red" width={chartWidth} height={chartHeight(1)} />,
		<Chart
			key="latency"
			title={`ms: p50 ${compactMs(last(history, (p) => p.p50Ms))} (lower), p95 ${compactMs(last(history, (p) => p.p95Ms))} (upper)`}
			series={[series((p) => p.p50Ms), series((p) => p.p95Ms)]}
			color="magenta"
			width={chartWidth}
			height={chartHeight(2)}
		/>,
		<Chart key="users" title={`users  now ${last(history, (p) => p.users)}`} series={[series((p) => p.users)]} color="cyan" width={chartWidth} height={chartHeight(3)} />,
	];
	if (!grid) return <Box flexDirection="column">{charts}{workersChart}</Box>;
	return (
		<Box flexDirection="column">
			<Box flexDirection="row" columnGap={1}>
				{charts[0]}
				{charts[1]}
			</Box>
			<Box flexDirection="row" columnGap={1}>
				{charts[2]}
				{charts[3]}
			</Box>
			{workersChart}
		</Box>
	);
}
