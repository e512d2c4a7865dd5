import React from 'react';
import { Box, Text } from 'ink';
import sparkly from 'sparkly';
import stringWidth from 'string-width';
import type { WorkerDetail, WorkerEndpointRow } from '../dashboard-model.ts';
import { fitColumns, type Column } from '../fit-columns.ts';
import { formatBytes, formatClock, compactCount, compactMs, compactRate, truncate, truncateMiddle } from '../../format.ts';
import { markWords } from '../worker-marks.ts';
import useTint from '../hooks/use-tint.ts';
import Table, { type TableRow } from './Table.tsx';

/** The worker's endpoint columns: the fleet's Stats view, cut to what one worker adds. */
export const workerEndpointColumns: readonly Column[] = [
	{ key: 'method', title: 'Type', width: 6, align: 'left', priority: 2 },
	{ key: 'name', title: 'Name', width: 16, align: 'left', priority: 0, flex: true },
	{ key: 'requests', title: '# Reqs', width: 7, align: 'right', priority: 0 },
	{ key: 'failures', title: '# Fails', width: 7, align: 'right', priority: 0 },
	{ key: 'p50', title: '50% ms', width: 6, align: 'right', priority: 1 },
	{ key: 'p95', title: '95% ms', width: 6, align: 'right', priority: 0 },
	{ key: 'p99', title: '99% ms', width: 6, align: 'right', priority: 1 },
	{ key: 'rps', title: 'req/s', width: 7, align: 'right', priority: 0 },
];

/** The Name column grows to the longest name and no further, so the figures sit next to it. */
function sizedToNames(endpoints: readonly WorkerEndpointRow[]): Column[] {
	const longest = Math.max('no requests from this worker yet'.length, ...endpoints.map((row) => stringWidth(row.name)));
	return workerEndpointColumns.map((column) => (column.key === 'name' ? { ...column, maxWidth: longest } : column));
}

/** Lines of log kept under the table, when there is room. */
const logLines = 5;

function endpointRow(row: WorkerEndpointRow, index: number): TableRow {
	return {
		key: `${index}`,
		cells: {
			method: row.method,
			name: row.name,
			requests: compactCount(row.requests),
			failures: compactCount(row.failures),
			p50: compactMs(row.p50Ms),
			p95: compactMs(row.p95Ms),
			p99: compactMs(row.p99Ms),
			rps: compactRate(row.currentRps),
		},
		color: row.failures > 0 ? 'red' : undefined,
	};
}

/**
 * `label now ▁▂▃▅` sized to `width` columns, the newest samples that fit. With `fromZero` the
 * bars start at 0 (CPU); without, at the lowest sample, so a memory leak shows as a slope.
 */
export function sparkline(label: string, now: string, values: readonly number[], width: number, fromZero: boolean): string {
	const head = `${label} ${now} `;
	const room = Math.max(0, width - head.length);
	const shown = values.slice(-room);
	return shown.length === 0 ? head.trimEnd() : head + sparkly([...shown], fromZero ? { minimum: 0 } : {});
}

/** Props of {@link WorkerDetailView}. */
export interface WorkerDetailViewProps {
	detail: WorkerDetail;
	width: number;
	/** Lines available, the title included. */
	height: number;
}

/**
 * One worker, drilled into from the Workers view: its own per-endpoint table (live), its CPU
 * and memory over time, and its last log lines. Esc goes back.
 */
export default function WorkerDetailView({ detail, width, height }: WorkerDetailViewProps) {
	const tint = useTint();
	const { row } = detail;
	const marks = row.marks.length === 0 ? '' : `  ${row.marks.map((mark) => markWords[mark]).join(' ')}`;
	// What it does first, where it runs last: a narrow terminal cuts the least useful part.
	const title = `worker ${truncateMiddle(row.id, Math.max(12, width - 50))}  ${row.state}  ${row.users} user${row.users === 1 ? '' : 's'}  req/s ${compactRate(row.rps)}${marks}  (${detail.hostname}, pid ${detail.pid})`;
	const half = Math.max(10, Math.floor((width - 2) / 2));
	const cpu = sparkline('CPU', `${detail.cpuPercent.at(-1)?.toFixed(0) ?? '-'}%`, detail.cpuPercent, half, true);
	const mem = sparkline('mem', formatBytes(detail.rssBytes.at(-1) ?? Number.NaN), detail.rssBytes, half, false);
	// Title, sparklines, table header: 3 lines; the log takes what is left after the endpoints, up to 5 (+ its title).
	const room = Math.max(0, height - 3);
	const wantLog = detail.log.length === 0 ? 0 : Math.min(logLines, detail.log.length) + 1;
	const tableRows = Math.max(1, Math.min(detail.endpoints.length, room - wantLog));
	const logRoom = Math.max(0, Math.min(wantLog, room - tableRows) - 1);
	const shown = detail.endpoints.slice(0, detail.endpoints.length > tableRows ? Math.max(0, tableRows - 1) : tableRows);
	const rows = shown.map(endpointRow);
	if (shown.length < detail.endpoints.length) rows.push({ key: '…', cells: { name: `… ${detail.endpoints.length - shown.length} more` } });
	if (detail.endpoints.length === 0) rows.push({ key: 'none', cells: { name: 'no requests from this worker yet' } });
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>{truncate(title, width - 10)}</Text>
				<Text dimColor>{'  Esc back'}</Text>
			</Text>
			<Text wrap="truncate-end">
				<Text color={tint('yellow')}>{cpu}</Text>
				{'  '}
				<Text color={tint('cyan')}>{mem}</Text>
			</Text>
			<Table columns={fitColumns(sizedToNames(detail.endpoints), width)} rows={rows} />
			{logRoom > 0 ? <Text dimColor wrap="truncate-end">{`its log (${detail.log.length} line${detail.log.length === 1 ? '' : 's'}, times UTC)`}</Text> : null}
			{logRoom > 0
				? detail.log.slice(-logRoom).map((line, index) => (
						<Text key={index} wrap="truncate-end" color={line.level === 'error' ? tint('red') : line.level === 'warn' ? tint('yellow') : undefined}>
							{truncate(`${formatClock(line.atMs)} ${line.level === 'info' ? '' : `${line.level.toUpperCase()} `}${line.text}`, width)}
						</Text>
					))
				: null}
		</Box>
	);
}
