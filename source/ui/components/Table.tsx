import React from 'react';
import { Box, Text } from 'ink';
import { columnGap, type PlacedColumn } from '../fit-columns.ts';
import { fit } from '../../format.ts';
import useTint from '../hooks/use-tint.ts';

/** One table row: its cells by column key, and how to show it. */
export interface TableRow {
	/** React key. */
	key: string;
	cells: Record<string, string>;
	/** Colour of the whole row (dropped under NO_COLOR). */
	color?: string;
	/** Colour of single cells, by column key (dropped under NO_COLOR). */
	cellColors?: Record<string, string>;
	bold?: boolean;
	/** Drawn in reverse video: the selected row (reads without colour). */
	inverse?: boolean;
}

/** Props of {@link Table}. */
export interface TableProps {
	/** Columns already fitted to the width (see `fitColumns`). */
	columns: readonly PlacedColumn[];
	rows: readonly TableRow[];
}

const gap = ' '.repeat(columnGap);

/**
 * A fixed-width text table: a bold title line, then one line a row. Every cell is padded or
 * cut (with an ellipsis) to its column, so a line is never wider than the fitted columns, and
 * each line truncates rather than wraps as a last guard.
 */
export default function Table({ columns, rows }: TableProps) {
	const tint = useTint();
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{columns.map((column) => fit(column.title, column.width, column.align)).join(gap)}
			</Text>
			{rows.map((row) => (
				<Text key={row.key} bold={row.bold} inverse={row.inverse} color={row.color ? tint(row.color) : undefined} wrap="truncate-end">
					{columns.map((column, index) => {
						const text = fit(row.cells[column.key] ?? '', column.width, column.align, column.cutMiddle);
						const color = row.cellColors?.[column.key];
						const cell = color ? <Text color={tint(color)}>{text}</Text> : text;
						return (
							<React.Fragment key={column.key}>
								{index > 0 ? gap : ''}
								{cell}
							</React.Fragment>
						);
					})}
				</Text>
			))}
		</Box>
	);
}
