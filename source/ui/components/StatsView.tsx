import React from 'react';
import { Box, Text } from 'ink';
import type { StatsRow } from '../dashboard-model.ts';
import type { StatsSortKey } from '../stats-sort.ts';
import { fitColumns, type Column } from '../fit-columns.ts';
import { formatBytes, compactCount, compactMs, compactRate } from '../../format.ts';
import Table, { type TableRow } from './Table.tsx';

/** Stats columns; at 80 columns the priority 3 and 4 ones drop. */
export const statsColumns: readonly Column[] = [
	{ key: 'method', title: 'Type', width: 6, align: 'left', priority: 2 },
	{ key: 'name', title: 'Name', width: 12, align: 'left', priority: 0, flex: true, maxWidth: 60 },
	{ key: 'requests', title: '# Reqs', width: 7, align: 'right', priority: 0 },
	{ key: 'failures', title: '# Fails', width: 7, align: 'right', priority: 1 },
	{ key: 'median', title: 'Med ms', width: 6, align: 'right', priority: 0 },
	{ key: 'p95', title: '95% ms', width: 6, align: 'right', priority: 0 },
	{ key: 'p99', title: '99% ms', width: 6, align: 'right', priority: 1 },
	{ key: 'avg', title: 'Avg ms', width: 6, align: 'right', priority: 3 },
	{ key: 'min', title: 'Min ms', width: 6, align: 'right', priority: 4 },
	{ key: 'max', title: 'Max ms', width: 6, align: 'right', priority: 3 },
	{ key: 'size', title: 'Size B', width: 6, align: 'right', priority: 4 },
	{ key: 'rps', title: 'req/s', width: 7, align: 'right', priority: 0 },
	{ key: 'failPerSec', title: 'fail/s', width: 6, align: 'right', priority: 1 },
];

const sorters: Record<StatsSortKey, (a: StatsRow, b: StatsRow) => number> = {
	name: (a, b) => a.name.localeCompare(b.name) || a.method.localeCompare(b.method),
	requests: (a, b) => b.requests - a.requests,
	failures: (a, b) => b.failures - a.failures,
	median: (a, b) => b.medianMs - a.medianMs,
	p95: (a, b) => b.p95Ms - a.p95Ms,
	avg: (a, b) => b.avgMs - a.avgMs,
	rps: (a, b) => b.currentRps - a.currentRps,
};

/** Endpoint rows in the chosen order; ties fall back to the name, so the order is stable. */
export function sortStats(rows: readonly StatsRow[], key: StatsSortKey): StatsRow[] {
	return [...rows].sort((a, b) => sorters[key](a, b) || sorters.name(a, b));
}

function cells(row: StatsRow): Record<string, string> {
	return {
		method: row.method,
		name: row.name,
		requests: compactCount(row.requests),
		failures: compactCount(row.failures),
		median: compactMs(row.medianMs),
		p95: compactMs(row.p95Ms),
		p99: compactMs(row.p99Ms),
		avg: compactMs(row.avgMs),
		min: compactMs(row.minMs),
		max: compactMs(row.maxMs),
		size: formatBytes(row.avgBytes),
		rps: compactRate(row.currentRps),
		failPerSec: compactRate(row.currentFailPerSec),
	};
}

/** Props of {@link StatsView}. */
export interface StatsViewProps {
	rows: readonly StatsRow[];
	aggregated: StatsRow;
	sortKey: StatsSortKey;
	width: number;
	/** Lines available, the title line included. */
	height: number;
}

/**
 * Per-endpoint stats, sorted, with the Aggregated row pinned last. When the endpoints do not
 * all fit, the last line says how many are hidden.
 */
export default function StatsView({ rows, aggregated, sortKey, width, height }: StatsViewProps) {
	const columns = fitColumns(statsColumns, width);
	const sorted = sortStats(rows, sortKey);
	// Title, table header and the Aggregated row take 3 lines.
	const room = Math.max(0, height - 3);
	const shown = sorted.length > room ? sorted.slice(0, Math.max(0, room - 1)) : sorted;
	const hidden = sorted.length - shown.length;
	const tableRows: TableRow[] = shown.map((row) => ({
		key: `${row.method} ${row.name}`,
		cells: cells(row),
		cellColors: row.failures > 0 ? { failures: 'red' } : undefined,
	}));
	if (hidden > 0) tableRows.push({ key: '…', cells: { name: `… ${hidden} more (o to sort)` } });
	tableRows.push({ key: 'Aggregated', cells: { ...cells(aggregated), name: 'Aggregated' }, bold: true });
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end" dimColor>
				{`${rows.length} endpoint${rows.length === 1 ? '' : 's'}, sorted by ${sortKey} (o changes it)`}
			</Text>
			<Table columns={columns} rows={tableRows} />
		</Box>
	);
}
