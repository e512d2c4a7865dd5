/**
 * Plain-text tables with aligned columns, for stdout reports (CI logs, pipes): ASCII only,
 * no colour, widths from the content.
 */

/** A column: its title and which side its cells hug. */
export interface Column {
	title: string;
	align: 'left' | 'right';
	/** Longest cell, in characters; longer cells are cut with `...`. Default unlimited. */
	max?: number;
}

/** A row of cells, or `'-'` for a separator line. */
export type Row = readonly string[] | '-';

/** One line per cell: no newlines or tabs inside a table. */
function clean(cell: string, max: number | undefined): string {
	const flat = cell.replace(/\s+/g, ' ').trim();
	if (max === undefined || flat.length <= max) return flat;
	return `${flat.slice(0, Math.max(0, max - 3))}...`;
}

/**
 * Render a table: a header, then the rows; columns separated by two spaces, no trailing
 * spaces. Returns lines joined by `\n`, without a final newline.
 */
export function renderTable(columns: readonly Column[], rows: readonly Row[]): string {
	const cells = rows.map((row) => (row === '-' ? row : columns.map((c, i) => clean(row[i] ?? '', c.max))));
	const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((row) => (row === '-' ? 0 : row[i]!.length))));
	const line = (row: readonly string[]) =>
		row
			.map((cell, i) => (columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
			.join('  ')
			.trimEnd();
	const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
	return [line(columns.map((c) => c.title)), ...cells.map((row) => (row === '-' ? '-'.repeat(total) : line(row)))].join('\n');
}
