/**
 * Fitting a table into a terminal width: columns drop by priority until what is left fits,
 * and the one flexible column (a name) takes the remaining space. Pure, so a view's layout at
 * 80 columns can be tested without rendering.
 */

/** One column of a table. */
export interface Column {
	/** Stable key, used to look cells up. */
	key: string;
	title: string;
	/** Width in characters (the minimum, for the flexible column). */
	width: number;
	align: 'left' | 'right';
	/** 0 = never dropped; higher numbers drop first. */
	priority: number;
	/** The column that grows to take the spare width (at most one a table). */
	flex?: boolean;
	/** Cut long cells in the middle instead of the end (ids whose end is the unique part). */
	cutMiddle?: boolean;
	/** The most a flexible column grows to, characters. */
	maxWidth?: number;
}

/** A column placed at a definite width. */
export interface PlacedColumn extends Column {
	/** Final width in characters. */
	width: number;
}

/** Characters between two columns. */
export const columnGap = 1;

function totalWidth(columns: readonly Column[]): number {
	const cells = columns.reduce((sum, column) => sum + column.width, 0);
	return cells + Math.max(0, columns.length - 1) * columnGap;
}

/**
 * Choose the columns that fit in `width` and their widths.
 * Invariant: the returned widths plus gaps never exceed `width` (unless even the
 * priority-0 columns at their minimum do not fit, in which case the flexible column shrinks
 * to as little as 1 character and the caller's line truncation is the last guard).
 */
export function fitColumns(columns: readonly Column[], width: number): PlacedColumn[] {
	let kept = [...columns];
	while (totalWidth(kept) > width) {
		const worst = kept.reduce<Column | undefined>(
			(drop, column) => (column.priority > 0 && (!drop || column.priority >= drop.priority) ? column : drop),
			undefined,
		);
		if (!worst) break;
		kept = kept.filter((column) => column !== worst);
	}
	const spare = width - totalWidth(kept);
	return kept.map((column) => {
		if (!column.flex) return { ...column };
		const grown = column.width + spare;
		return { ...column, width: Math.max(1, Math.min(grown, column.maxWidth ?? grown)) };
	});
}
