/**
 * The end-of-run report a headless run prints to stdout: a table per endpoint plus the
 * Aggregated row, then per worker, failures and exceptions when there are any. Pure.
 */
import type {StatsSnapshot} from '../stats/snapshot.ts';
import {whereInPlan} from '../plan/plan-frame.ts';
import {formatCount, formatMs, formatPercent, formatRate} from '../format.ts';
import {renderTable, type Column, type Row} from './table.ts';
import type {WorkerReportRow} from './worker-report.ts';

const endpointColumns: Column[] = [
	{title: 'Type', align: 'left', max: 10},
	{title: 'Name', align: 'left', max: 60, min: 20},
	{title: 'Requests', align: 'right'},
	{title: 'Fails', align: 'right'},
	{title: 'Fail %', align: 'right', priority: 2},
	{title: 'Median ms', align: 'right', priority: 1},
	{title: 'p95 ms', align: 'right'},
	{title: 'p99 ms', align: 'right', priority: 1},
	{title: 'Max ms', align: 'right', priority: 3},
	{title: 'req/s', align: 'right'},
];

const workerColumns: Column[] = [
	{title: 'Worker', align: 'left', max: 40, min: 12},
	{title: 'State', align: 'left', priority: 2},
	{title: 'Users', align: 'right'},
	{title: 'Requests', align: 'right'},
	{title: 'Fails', align: 'right'},
	{title: 'Fail %', align: 'right', priority: 3},
	{title: 'req/s', align: 'right'},
	{title: 'p50 ms', align: 'right', priority: 2},
	{title: 'p95 ms', align: 'right'},
	{title: 'p99 ms', align: 'right', priority: 1},
	{title: 'CPU %', align: 'right', priority: 1},
	{title: 'Mem MB', align: 'right', priority: 3},
];

const failureColumns: Column[] = [
	{title: 'Occurrences', align: 'right'},
	{title: 'Type', align: 'left', max: 10},
	{title: 'Name', align: 'left', max: 60, min: 16},
	{title: 'Error', align: 'left', max: 100, min: 24},
];

const exceptionColumns: Column[] = [
	{title: 'Count', align: 'right'},
	{title: 'Message', align: 'left', max: 80, min: 24},
	{title: 'Where', align: 'left', max: 60, min: 16},
	{title: 'Workers', align: 'left', max: 60, min: 10, priority: 1},
];

/** The first `at ...` line of a stack: where it was thrown. */
/**
 * The end-of-run report.
 * @param workers per-worker rows (see joinWorkers); the section is left out when empty.
 * @param width the terminal's width (columns drop by priority and names shrink to fit); default no limit, for logs and pipes.
 * @returns text ending with a newline.
 */
export function formatSummaryTable(snapshot: StatsSnapshot, workers: readonly WorkerReportRow[] = [], width = Infinity): string {
	const endpointRow = (e: StatsSnapshot['aggregated']): Row => [
		e.method,
		e.name,
		formatCount(e.requests),
		formatCount(e.failures),
		formatPercent(e.failRatio),
		formatMs(e.medianMs),
		formatMs(e.percentiles['95']),
		formatMs(e.percentiles['99']),
		formatMs(e.maxMs),
		formatRate(e.rps),
	];
	const sections = [renderTable(endpointColumns, [...snapshot.endpoints.map(endpointRow), '-', endpointRow(snapshot.aggregated)], width)];

	if (workers.length > 0) {
		const rows = workers.map((w): Row => {
			const s = w.stats;
			const has = s !== null && s.requests > 0;
			return [
				w.id,
				w.state,
				formatCount(w.users),
				formatCount(s?.requests ?? 0),
				formatCount(s?.failures ?? 0),
				formatPercent(s?.failRatio ?? 0),
				formatRate(s?.rps ?? 0),
				has ? formatMs(s.percentiles['50']) : '-',
				has ? formatMs(s.percentiles['95']) : '-',
				has ? formatMs(s.percentiles['99']) : '-',
				w.cpuPercent === null ? '-' : w.cpuPercent.toFixed(0),
				w.memoryMb === null ? '-' : w.memoryMb.toFixed(0),
			];
		});
		sections.push(`Workers\n${renderTable(workerColumns, rows, width)}`);
	}
	if (snapshot.errors.length > 0) {
		const rows = snapshot.errors.map((e): Row => [formatCount(e.occurrences), e.method, e.name, e.error]);
		sections.push(`Failures\n${renderTable(failureColumns, rows, width)}`);
	}
	if (snapshot.exceptions.length > 0) {
		const rows = snapshot.exceptions.map((x): Row => [formatCount(x.count), x.message, whereInPlan(x.traceback), x.sources.join(', ')]);
		sections.push(`Exceptions\n${renderTable(exceptionColumns, rows, width)}`);
	}
	return `${sections.join('\n\n')}\n`;
}
