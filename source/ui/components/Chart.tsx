import React, { useContext } from 'react';
import { Box, Text } from 'ink';
import { createRequire } from 'node:module';
import type * as Asciichart from 'asciichart';
import ColorContext from '../color-context.ts';
import { truncate } from '../format.ts';

// asciichart is a CommonJS module whose exports Node's ESM loader cannot see by name, and its
// types declare a `default` colour; require() gets the real object with the right type.
const asciichart = createRequire(import.meta.url)('asciichart') as typeof Asciichart;

/** Characters of the y-axis labels. */
const labelWidth = 7;
/** The axis (" ┤") plus one spare column, so a line never touches the edge. */
const axisWidth = 3;

/** Series colours, by name, as asciichart's escape codes. */
const colorCodes: Record<string, string> = {
	green: asciichart.green,
	red: asciichart.red,
	cyan: asciichart.cyan,
	magenta: asciichart.magenta,
	blue: asciichart.blue,
	yellow: asciichart.yellow,
};

function label(value: number): string {
	const abs = Math.abs(value);
	const text = abs >= 10_000 ? `${(value / 1000).toFixed(0)}k` : abs >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(abs >= 100 ? 0 : 1);
	return text.padStart(labelWidth).slice(-labelWidth);
}

/** How many points fit in `width` columns of chart. */
export function chartCapacity(width: number): number {
	return Math.max(2, width - labelWidth - axisWidth);
}

/** Props of {@link Chart}. */
export interface ChartProps {
	title: string;
	/** One or more series of equal length, oldest first; only the newest that fit are drawn. */
	series: readonly (readonly number[])[];
	/** Colour names of the series (dropped under NO_COLOR). */
	colors: readonly string[];
	width: number;
	/** Lines, the title included. */
	height: number;
}

/**
 * A line chart drawn with asciichart, one column a second, sized to the space it is given:
 * it never draws more lines than `height` or wider than `width`. The y axis starts at 0.
 */
export default function Chart({ title, series, colors, width, height }: ChartProps) {
	const color = useContext(ColorContext);
	const capacity = chartCapacity(width);
	const data = series.map((values) => values.slice(-capacity).map((value) => (Number.isFinite(value) ? value : 0)));
	const plotLines = Math.max(1, height - 1);
	let lines: string[] = [];
	if (data.every((values) => values.length > 0)) {
		// asciichart's height is the row count minus one, and rounding may add one more (cut).
		const plot = asciichart.plot(data as number[][], {
			height: Math.max(1, plotLines - 1),
			min: 0,
			format: label,
			colors: color ? colors.map((name) => colorCodes[name]) : undefined,
		});
		lines = plot.split('\n').slice(0, plotLines);
	}
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				{truncate(title, width)}
			</Text>
			{lines.length === 0 ? <Text dimColor>no data yet</Text> : lines.map((line, index) => (
				<Text key={index} wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
}
