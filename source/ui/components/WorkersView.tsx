import React from 'react';
import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import type { WorkerMark, WorkerRow } from '../dashboard-model.ts';
import { fitColumns, type Column } from '../fit-columns.ts';
import { formatAge, formatBytes, formatCount, formatMs, formatRate } from '../format.ts';
import { markWords } from '../worker-marks.ts';
import Table, { type TableRow } from './Table.tsx';

/** Workers columns; Marks never drops, since a mark must read without colour. */
export const workersColumns: readonly Column[] = [
	{ key: 'id', title: 'Worker', width: 10, align: 'left', priority: 0, flex: true, cutMiddle: true },
	{ key: 'state', title: 'State', width: 8, align: 'left', priority: 2 },
	{ key: 'users', title: 'Users', width: 6, align: 'right', priority: 0 },
	{ key: 'rps', title: 'req/s', width: 7, align: 'right', priority: 0 },
	{ key: 'failures', title: 'Fails', width: 6, align: 'right', priority: 1 },
	{ key: 'p50', title: '50% ms', width: 6, align: 'right', priority: 3 },
	{ key: 'p95', title: '95% ms', width: 6, align: 'right', priority: 0 },
	{ key: 'cpu', title: 'CPU %', width: 5, align: 'right', priority: 1 },
	{ key: 'rss', title: 'Mem', width: 5, align: 'right', priority: 3 },
	{ key: 'heartbeat', title: 'Beat', width: 5, align: 'right', priority: 2 },
	{ key: 'marks', title: 'Marks', width: 17, align: 'left', priority: 0 },
];

/** Colour of a mark: red for a lost worker, yellow for a busy one, magenta for an outlier. */
const markColors: Record<WorkerMark, string> = {
	missing: 'red',
	cpu: 'yellow',
	'low-rps': 'magenta',
	'high-p95': 'magenta',
};

function row(worker: WorkerRow): TableRow {
	const first = worker.marks[0];
	return {
		key: worker.id,
		cells: {
			id: worker.id,
			state: worker.state,
			users: formatCount(worker.users),
			rps: formatRate(worker.rps),
			failures: formatCount(worker.failures),
			p50: formatMs(worker.p50Ms),
			p95: formatMs(worker.p95Ms),
			cpu: worker.cpuPercent.toFixed(0),
			rss: formatBytes(worker.rssBytes),
			heartbeat: formatAge(worker.heartbeatAgeMs),
			marks: worker.marks.length === 0 ? 'ok' : worker.marks.map((mark) => markWords[mark]).join(' '),
		},
		color: worker.marks.includes('missing') ? 'red' : undefined,
		cellColors: first ? { marks: markColors[first], ...(worker.marks.includes('cpu') ? { cpu: 'yellow' } : {}) } : undefined,
	};
}

/** The Worker column grows to the longest id and no further, so the figures sit next to the names. */
function sizedToNames(workers: readonly WorkerRow[]): Column[] {
	const longest = Math.max('Worker'.length, ...workers.map((worker) => stringWidth(worker.id)));
	return workersColumns.map((column) => (column.key === 'id' ? { ...column, width: Math.min(column.width, longest), maxWidth: longest } : column));
}

/** Props of {@link WorkersView}. */
export interface WorkersViewProps {
	workers: readonly WorkerRow[];
	width: number;
	/** Lines available, the title line included. */
	height: number;
}

/**
 * Every worker's share of the load and its health. Marked workers come first, so they stay
 * visible when not all workers fit.
 */
export default function WorkersView({ workers, width, height }: WorkersViewProps) {
	const columns = fitColumns(sizedToNames(workers), width);
	const marked = workers.filter((worker) => worker.marks.length > 0).length;
	const ordered = [...workers].sort((a, b) => Number(b.marks.length > 0) - Number(a.marks.length > 0));
	// Title and table header take 2 lines.
	const room = Math.max(0, height - 2);
	const shown = ordered.length > room ? ordered.slice(0, Math.max(0, room - 1)) : ordered;
	const rows = shown.map(row);
	if (shown.length < ordered.length) rows.push({ key: '…', cells: { id: `… ${ordered.length - shown.length} more` } });
	const title =
		workers.length === 0
			? 'no workers yet: start some with --worker, or --processes N'
			: `${workers.length} worker${workers.length === 1 ? '' : 's'}, ${marked} marked (? explains the marks)`;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end" dimColor>
				{title}
			</Text>
			<Table columns={columns} rows={rows} />
		</Box>
	);
}
