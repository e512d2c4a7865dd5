import React from 'react';
import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import type { JoinModel, WorkerMark, WorkerRow } from '../dashboard-model.ts';
import { fitColumns, type Column } from '../fit-columns.ts';
import { formatAge, formatBytes, compactCount, compactMs, compactRate } from '../../format.ts';
import { markWords } from '../worker-marks.ts';
import useTint from '../hooks/use-tint.ts';
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
			users: compactCount(worker.users),
			rps: compactRate(worker.rps),
			failures: compactCount(worker.failures),
			p50: compactMs(worker.p50Ms),
			p95: compactMs(worker.p95Ms),
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
	/** Id of the selected worker (arrow keys move it, Enter drills in). */
	selected?: string;
	/** How workers join; shown while fewer than `expected` have. */
	join?: JoinModel;
	/** Workers the run waits for (`--expect-workers`). */
	expected?: number;
	/** Show the join token instead of the mask. */
	revealToken?: boolean;
}

/** Cut `text` into lines of exactly `width` columns, so the lines joined give the text back (a command to copy). */
export function hardWrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const char of text) {
		if (stringWidth(line + char) > width) {
			lines.push(line);
			line = '';
		}
		line += char;
	}
	return [...lines, line];
}

/** The join command, while the fleet is short of workers: the whole command, never cut. */
function JoinPanel({ join, missing, width, reveal }: { join: JoinModel; missing: number; width: number; reveal: boolean }) {
	const tint = useTint();
	const command = hardWrap(reveal ? join.revealed : join.masked, width);
	const keys = join.revealed === join.masked ? 'c copies it' : `t ${reveal ? 'hides' : 'shows'} the token, c copies it`;
	return (
		<Box flexDirection="column" marginBottom={1}>
			<Text wrap="truncate-end" bold color={tint('cyan')}>
				{`${missing} more worker${missing === 1 ? '' : 's'} expected: on each worker machine run (${keys})`}
			</Text>
			{command.map((line, index) => (
				<Text key={index} wrap="truncate-end">
					{line}
				</Text>
			))}
			{join.otherHosts.length > 0 ? <Text wrap="truncate-end" dimColor>{`also reachable at ${join.otherHosts.join(', ')}`}</Text> : null}
		</Box>
	);
}

/** Lines the join panel takes at `width`. */
export function joinPanelHeight(join: JoinModel, width: number, reveal: boolean): number {
	return 2 + hardWrap(reveal ? join.revealed : join.masked, width).length + (join.otherHosts.length > 0 ? 1 : 0);
}

/**
 * Every worker's share of the load and its health. Marked workers come first, so they stay
 * visible when not all workers fit. While fewer workers than expected have joined, the join
 * command sits on top.
 */
export default function WorkersView({ workers, width, height, selected, join, expected, revealToken = false }: WorkersViewProps) {
	const active = workers.filter((worker) => worker.state !== 'missing' && worker.state !== 'left').length;
	const missing = Math.max(0, (expected ?? 1) - active);
	const showJoin = join !== undefined && missing > 0;
	const columns = fitColumns(sizedToNames(workers), width);
	const marked = workers.filter((worker) => worker.marks.length > 0).length;
	const ordered = orderWorkers(workers);
	// Title and table header take 2 lines.
	const room = Math.max(0, height - 2 - (showJoin ? joinPanelHeight(join, width, revealToken) : 0));
	const at = Math.max(0, ordered.findIndex((worker) => worker.id === selected));
	// The selected row stays in sight: the window scrolls to it.
	const first = ordered.length > room ? Math.min(Math.max(0, at - room + 2), ordered.length - room + 1) : 0;
	const shown = ordered.length > room ? ordered.slice(first, first + Math.max(0, room - 1)) : ordered;
	const rows = shown.map((worker) => ({ ...row(worker), inverse: worker.id === selected }));
	if (shown.length < ordered.length) rows.push({ key: '…', cells: { id: `… ${ordered.length - shown.length} more` }, inverse: false });
	const title =
		workers.length === 0
			? 'no workers yet: start some with --worker, or --processes N'
			: `${workers.length} worker${workers.length === 1 ? '' : 's'}, ${marked} marked (? explains the marks)  ↑↓ select, Enter its details`;
	return (
		<Box flexDirection="column">
			{showJoin ? <JoinPanel join={join} missing={missing} width={width} reveal={revealToken} /> : null}
			<Text wrap="truncate-end" dimColor>
				{title}
			</Text>
			<Table columns={columns} rows={rows} />
		</Box>
	);
}

/** The order the view lists workers in (marked first), which the arrow keys follow. */
export function orderWorkers(workers: readonly WorkerRow[]): WorkerRow[] {
	return [...workers].sort((a, b) => Number(b.marks.length > 0) - Number(a.marks.length > 0));
}
