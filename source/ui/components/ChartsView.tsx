import React from 'react';
import { Box } from 'ink';
import type { ChartPoint } from '../dashboard-model.ts';
import { formatMs, formatRate } from '../format.ts';
import Chart from './Chart.tsx';

/** Props of {@link ChartsView}. */
export interface ChartsViewProps {
	history: readonly ChartPoint[];
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

function last(history: readonly ChartPoint[], pick: (point: ChartPoint) => number): number {
	const point = history[history.length - 1];
	return point ? pick(point) : 0;
}

/**
 * Total req/s, failures/s, p50 and p95, and users over time, one column a second. p50 and p95
 * share a chart; p95 is the upper line, which reads without colour.
 */
export default function ChartsView({ history, width, height }: ChartsViewProps) {
	const grid = width >= gridMinWidth && height >= 12;
	const chartWidth = grid ? Math.floor((width - 1) / 2) : width;
	const heights = splitRows(height, grid ? 2 : 4);
	const chartHeight = (index: number) => Math.max(2, heights[grid ? Math.floor(index / 2) : index] ?? 2);
	const series = (pick: (point: ChartPoint) => number) => history.map(pick);
	const charts = [
		<Chart key="rps" title={`req/s  now ${formatRate(last(history, (p) => p.rps))}`} series={[series((p) => p.rps)]} color="green" width={chartWidth} height={chartHeight(0)} />,
		<Chart key="fails" title={`failures/s  now ${formatRate(last(history, (p) => p.failuresPerSec))}`} series={[series((p) => p.failuresPerSec)]} color="red" width={chartWidth} height={chartHeight(1)} />,
		<Chart
			key="latency"
			title={`ms: p50 ${formatMs(last(history, (p) => p.p50Ms))} (lower), p95 ${formatMs(last(history, (p) => p.p95Ms))} (upper)`}
			series={[series((p) => p.p50Ms), series((p) => p.p95Ms)]}
			color="magenta"
			width={chartWidth}
			height={chartHeight(2)}
		/>,
		<Chart key="users" title={`users  now ${last(history, (p) => p.users)}`} series={[series((p) => p.users)]} color="cyan" width={chartWidth} height={chartHeight(3)} />,
	];
	if (!grid) return <Box flexDirection="column">{charts}</Box>;
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
		</Box>
	);
}
