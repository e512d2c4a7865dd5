/**
 * Plain-text tables with aligned columns, for stdout reports (CI logs, pipes): ASCII only,
 * no colour, widths from the content. Given a terminal width, a table fits it the way the
 * dashboard's tables do: columns drop by priority, then the long text columns shrink.
 */
import stringWidth from 'string-width';

/** A column: its title and which side its cells hug. */
export interface Column {
	title: string;
	align: 'left' | 'right';
	/** Longest cell, in characters; longer cells are cut with `...`. Default unlimited. */
	max?: number;
	/** 0 (the default) never drops; in a narrow terminal higher numbers drop first. */
	priority?: number;
	/** A text column that may shrink to this many characters to fit the terminal. */
	min?: number;
}

/** A row of cells, or `'-'` for a separator line. */
export type Row = readonly string[] | '-';

/** Cut to at most `max` terminal columns, ending in `...` when cut. */
function cut(text: string, max: number): string {
	if (stringWidth(text) <= max) return text;
	if (max <= 3) return '.'.repeat(Math.max(0, max));
	let kept = '';
	for (const char of text) {
		if (stringWidth(kept + char) > Math.max(0, max - 3)) break;
		kept += char;
	}
	return `${kept}...`;
}

/** One line per cell: no newlines or tabs inside a table. */
function clean(cell: string, max: number | undefined): string {
	const flat = cell.replace(/\s+/g, ' ').trim();
	return max === undefined ? flat : cut(flat, max);
}

/** Width of `widths` laid out with two-space gaps. */
function spanOf(widths: readonly number[]): number {
	return widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, widths.length - 1);
}

/**
 * Which columns to keep, and how wide, to fit `width`: drop by priority (highest first, the
 * rightmost of equals) while even the shrinkable columns at their minimum do not fit, then
 * shrink the widest shrinkable column a character at a time.
 */
function fitWidths(columns: readonly Column[], natural: readonly number[], width: number): Map<number, number> {
	let kept = columns.map((_, i) => i);
	const least = (i: number) => Math.min(natural[i]!, Math.max(columns[i]!.title.length, columns[i]!.min ?? natural[i]!));
	while (spanOf(kept.map(least)) > width) {
		const drop = kept.reduce<number | undefined>((worst, i) => ((columns[i]!.priority ?? 0) > 0 && (worst === undefined || (columns[i]!.priority ?? 0) >= (columns[worst]!.priority ?? 0)) ? i : worst), undefined);
		if (drop === undefined) break;
		kept = kept.filter((i) => i !== drop);
	}
	const widths = new Map(kept.map((i) => [i, natural[i]!]));
	for (let excess = spanOf([...widths.values()]) - width; excess > 0; excess--) {
		const widest = kept.filter((i) => widths.get(i)! > least(i)).sort((a, b) => widths.get(b)! - least(b) - (widths.get(a)! - least(a)))[0];
		if (widest === undefined) break;
		widths.set(widest, widths.get(widest)! - 1);
	}
	return widths;
}

/** Pad to `width` terminal columns. */
function pad(cell: string, width: number, align: Column['align']): string {
	const room = ' '.repeat(Math.max(0, width - stringWidth(cell)));
	return align === 'right' ? room + cell : cell + room;
}

/**
 * Render a table: a header, then the rows; columns separated by two spaces, no trailing
 * spaces. Returns lines joined by `\n`, without a final newline.
 * @param width the terminal's width: columns drop and shrink to fit it. Default: no limit.
 */
export function renderTable(columns: readonly Column[], rows: readonly Row[], width = Infinity): string {
	const cleaned = rows.map((row) => (row === '-' ? row : columns.map((c, i) => clean(row[i] ?? '', c.max))));
	const natural = columns.map((c, i) => Math.max(c.title.length, ...cleaned.map((row) => (row === '-' ? 0 : stringWidth(row[i]!)))));
	const widths = fitWidths(columns, natural, width);
	const kept = [...widths.keys()].sort((a, b) => a - b);
	const line = (row: readonly string[]) =>
		kept
			.map((i) => pad(cut(row[i]!, widths.get(i)!), widths.get(i)!, columns[i]!.align))
			.join('  ')
			.trimEnd();
	const total = spanOf([...widths.values()]);
	return [line(columns.map((c) => c.title)), ...cleaned.map((row) => (row === '-' ? '-'.repeat(total) : line(row)))].join('\n');
}
