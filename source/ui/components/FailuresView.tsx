import React from 'react';
import { Box, Text } from 'ink';
import type { ExceptionRow, FailureRow } from '../dashboard-model.ts';
import { fitColumns, type Column } from '../fit-columns.ts';
import { compactCount } from '../../format.ts';
import { whereInPlan } from '../../plan/plan-frame.ts';
import Table, { type TableRow } from './Table.tsx';

const failureColumns: readonly Column[] = [
	{ key: 'count', title: '# Count', width: 7, align: 'right', priority: 0 },
	{ key: 'method', title: 'Type', width: 6, align: 'left', priority: 2 },
	{ key: 'name', title: 'Name', width: 16, align: 'left', priority: 0, maxWidth: 40 },
	{ key: 'error', title: 'Error', width: 20, align: 'left', priority: 0, flex: true },
];

const exceptionColumns: readonly Column[] = [
	{ key: 'count', title: '# Count', width: 7, align: 'right', priority: 0 },
	{ key: 'message', title: 'Message', width: 24, align: 'left', priority: 0, flex: true },
	{ key: 'where', title: 'Where', width: 30, align: 'left', priority: 1 },
];

/** Where in the plan (`plans/p.ts:3:68`), else the first stack frame, else the traceback's first line. */
export function firstFrame(traceback: string): string {
	return whereInPlan(traceback) || (traceback.split('\n')[0]?.trim() ?? '');
}

function kinds(count: number): string {
	return `${count} kind${count === 1 ? '' : 's'}`;
}

/** Props of {@link FailuresView}. */
export interface FailuresViewProps {
	failures: readonly FailureRow[];
	exceptions: readonly ExceptionRow[];
	width: number;
	height: number;
}

function limit(rows: TableRow[], room: number, what: string): TableRow[] {
	if (rows.length <= room) return rows;
	const shown = rows.slice(0, Math.max(0, room - 1));
	return [...shown, { key: '…', cells: { count: '', name: `… ${rows.length - shown.length} more ${what}`, message: `… ${rows.length - shown.length} more ${what}` } }];
}

/**
 * Failures grouped by (type, name, error) and task exceptions grouped by message, most frequent
 * first. Failures get the top half of the space, exceptions the rest.
 */
export default function FailuresView({ failures, exceptions, width, height }: FailuresViewProps) {
	const failureRows: TableRow[] = [...failures]
		.sort((a, b) => b.occurrences - a.occurrences)
		.map((failure, index) => ({
			key: `${index}`,
			cells: { count: compactCount(failure.occurrences), method: failure.method, name: failure.name, error: failure.error },
			cellColors: { count: 'red' },
		}));
	const exceptionRows: TableRow[] = [...exceptions]
		.sort((a, b) => b.count - a.count)
		.map((exception, index) => ({
			key: `${index}`,
			cells: { count: compactCount(exception.count), message: exception.message, where: firstFrame(exception.traceback) },
			cellColors: { count: 'red' },
		}));
	// Each section: a title line, a table header, rows.
	const failureRoom = Math.max(1, Math.floor(height / 2) - 2);
	const exceptionRoom = Math.max(1, height - 4 - Math.min(failureRows.length, failureRoom));
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">{`Failures (${kinds(failures.length)})`}</Text>
			{failureRows.length === 0 ? <Text dimColor>none</Text> : <Table columns={fitColumns(failureColumns, width)} rows={limit(failureRows, failureRoom, 'kinds')} />}
			<Text bold wrap="truncate-end">{`Exceptions (${kinds(exceptions.length)})`}</Text>
			{exceptionRows.length === 0 ? <Text dimColor>none</Text> : <Table columns={fitColumns(exceptionColumns, width)} rows={limit(exceptionRows, exceptionRoom, 'kinds')} />}
		</Box>
	);
}
