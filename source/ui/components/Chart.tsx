import React from 'react';
import { Box, Text } from 'ink';
import { truncate } from '../../format.ts';
import useTint from '../hooks/use-tint.ts';
import { asciichart, layeredPlot, type LineGlyphs } from '../layered-plot.ts';

/** Characters of the y-axis labels. */
const labelWidth = 7;
/** The axis (" ┤") plus one spare column, so a line never touches the edge. */
const axisWidth = 3;

function label(raw: number): string {
	// Every axis starts at 0; asciichart's label arithmetic can land a hair below it ("-0.0").
	const value = Math.max(0, raw);
	const text = value >= 10_000 ? `${(value / 1000).toFixed(0)}k` : value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(value >= 100 ? 0 : 1);
	return text.padStart(labelWidth).slice(-labelWidth);
}

/** Where the plot begins in a line: after the label and the space before the axis. */
const axisColumn = labelWidth + 1;

/** How many points fit in `width` columns of chart. */
export function chartCapacity(width: number): number {
	return Math.max(2, width - labelWidth - axisWidth);
}

/** How one series of a chart is drawn. */
export interface LineStyle {
	/** Ink colour name. */
	color: string;
	glyphs: LineGlyphs;
}

/** A piece of a chart's legend: text, and the line (index into the series) it names, if any. */
export interface LegendPart {
	text: string;
	series?: number;
}

/** Props of {@link Chart}. */
export interface ChartProps {
	title: string;
	/** One or more series of equal length, oldest first; only the newest that fit are drawn. */
	series: readonly (readonly number[])[];
	/** Colour of the plotted lines (dropped under NO_COLOR); one for all series. */
	color: string;
	/**
	 * A style per series instead, for a chart whose lines must be told apart: each is drawn with
	 * its own glyphs (so they differ without colour too) and its own colour (dropped under NO_COLOR).
	 */
	lineStyles?: readonly LineStyle[];
	/** Drawn after the title: which line is which, each part in its line's style. */
	legend?: readonly LegendPart[];
	width: number;
	/** Lines, the title included. */
	height: number;
}

/**
 * A line chart drawn with asciichart, one column a second, sized to the space it is given:
 * it never draws more lines than `height` or wider than `width`. The y axis starts at 0.
 */
export default function Chart({ title, series, color, lineStyles, legend, width, height }: ChartProps) {
	const tint = useTint();
	const capacity = chartCapacity(width);
	const data = series.map((values) => values.slice(-capacity).map((value) => (Number.isFinite(value) ? value : 0)));
	const plotLines = Math.max(1, height - 1);
	const hasData = data.length > 0 && data.every((values) => values.length > 0);
	// asciichart's height is the row count minus one, and rounding may add one more (cut).
	const plotHeight = Math.max(1, plotLines - 1);
	const styleOf = (index: number | undefined) => (index === undefined ? undefined : tint(lineStyles?.[index]?.color ?? color));
	let body: React.ReactNode;
	if (!hasData) {
		body = <Text dimColor>no data yet</Text>;
	} else if (lineStyles !== undefined) {
		body = layeredPlot(data, lineStyles.map((style) => style.glyphs), { height: plotHeight, format: label })
			.slice(0, plotLines)
			.map((runs, index) => (
				<Text key={index} wrap="truncate-end">
					{runs.map((run, at) => (run.series === undefined ? run.text : <Text key={at} color={styleOf(run.series)}>{run.text}</Text>))}
				</Text>
			));
	} else {
		const plot = asciichart.plot(data as number[][], {
			height: plotHeight,
			min: 0,
			// All zeros would plot as one row: give the axis a range, so the chart keeps its rows.
			...(data.every((values) => values.every((value) => value <= 0)) ? { max: 1 } : {}),
			format: label,
		});
		body = plot.split('\n').slice(0, plotLines).map((line, index) => {
			// The plot is coloured as one span per line, not per cell: asciichart's own colours
			// put escape codes around every character, which costs Ink more than the rest of the screen.
			const chars = Array.from(line);
			return (
				<Text key={index} wrap="truncate-end">
					{chars.slice(0, axisColumn).join('')}
					<Text color={tint(color)}>{chars.slice(axisColumn).join('')}</Text>
				</Text>
			);
		});
	}
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				{truncate(title, width)}
				{legend?.map((part, index) => (
					<Text key={index} color={styleOf(part.series)}>
						{part.text}
					</Text>
				))}
			</Text>
			{body}
		</Box>
	);
}
