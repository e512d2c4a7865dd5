/**
 * CSV reports with Locust's exact columns, so tooling written for Locust's `--csv` reads
 * them. Pure: snapshots in, text out (see csv-writer.ts for the files).
 *
 * Differences from Locust, on purpose: response times keep decimals under 100 ms (see
 * format.ts); lines end with `\n`, not `\r\n`.
 */
import {stringify} from 'csv-stringify/sync';
import {PERCENTILE_KEYS, type Percentiles} from '../stats/percentiles.ts';
import type {EndpointStats, ErrorStats, ExceptionStats, StatsSnapshot} from '../stats/snapshot.ts';
import {defuseFormula} from '../protocol/sanitize.ts';
import {formatMs, formatRate} from '../format.ts';
import type {WorkerReportRow} from './worker-report.ts';

const percentileColumns = PERCENTILE_KEYS.map((k) => `${k}%`);

/** Header of PREFIX_stats.csv, exactly as Locust writes it. */
export const STATS_CSV_HEADER = [
	'Type',
	'Name',
	'Request Count',
	'Failure Count',
	'Median Response Time',
	'Average Response Time',
	'Min Response Time',
	'Max Response Time',
	'Average Content Size',
	'Requests/s',
	'Failures/s',
	...percentileColumns,
].join(',');

/**
 * Header of PREFIX_stats_history.csv: Locust's columns exactly, then Drove's `Target Users`
 * (the user count asked for at that second: -u, or the load shape's target), last so tools
 * reading Locust's columns by name or position are not disturbed.
 */
export const STATS_HISTORY_CSV_HEADER = [
	'Timestamp',
	'User Count',
	'Type',
	'Name',
	'Requests/s',
	'Failures/s',
	...percentileColumns,
	'Total Request Count',
	'Total Failure Count',
	'Total Median Response Time',
	'Total Average Response Time',
	'Total Min Response Time',
	'Total Max Response Time',
	'Total Average Content Size',
	'Target Users',
].join(',');

/** Header of PREFIX_failures.csv. */
export const FAILURES_CSV_HEADER = 'Method,Name,Error,Occurrences';
/** Header of PREFIX_exceptions.csv. */
export const EXCEPTIONS_CSV_HEADER = 'Count,Message,Traceback,Nodes';
/** Header of PREFIX_workers.csv (Drove's own; Locust has none). */
export const WORKERS_CSV_HEADER = 'Worker,State,Users,Request Count,Failure Count,Requests/s,50%,95%,99%,CPU %,Memory MB';

type Cell = string | number;

/** Rows as CSV text. Text cells come from workers and plans: none may start a spreadsheet formula. */
function lines(rows: Cell[][]): string {
	return rows.length === 0 ? '' : stringify(rows.map((row) => row.map((cell) => (typeof cell === 'string' ? defuseFormula(cell) : cell))), {record_delimiter: 'unix'});
}

/** Percentile cells; `N/A` without requests, as Locust writes them. */
function percentileCells(p: Percentiles, requests: number): string[] {
	return PERCENTILE_KEYS.map((k) => (requests > 0 ? formatMs(p[k]) : 'N/A'));
}

function statsRow(e: EndpointStats): Cell[] {
	return [
		e.method,
		e.name,
		e.requests,
		e.failures,
		formatMs(e.medianMs),
		formatMs(e.avgMs),
		formatMs(e.minMs),
		formatMs(e.maxMs),
		Math.round(e.avgContentBytes),
		formatRate(e.rps),
		formatRate(e.fps),
		...percentileCells(e.percentiles, e.requests),
	];
}

/** PREFIX_stats.csv: a row per endpoint, then the `Aggregated` row (empty Type). */
export function statsCsv(snapshot: StatsSnapshot): string {
	return `${STATS_CSV_HEADER}\n${lines([...snapshot.endpoints.map(statsRow), statsRow(snapshot.aggregated)])}`;
}

/**
 * Rows for PREFIX_stats_history.csv at one instant (without the header): the Aggregated row,
 * or every endpoint and then Aggregated with `full` (Locust's `--csv-full-history`).
 * Rates and percentiles are the current window's (last 10 s); the Total columns are the
 * whole run's. Call once per second or so and append; see csv-writer.ts.
 * @param timestamp epoch ms; written as whole epoch seconds, as Locust does.
 * @param users running users at that moment.
 * @param targetUsers users asked for at that moment; an empty cell when unknown.
 */
export function statsHistoryCsvRows(snapshot: StatsSnapshot, users: number, timestamp: number = snapshot.takenAt, full = false, targetUsers?: number): string {
	const rows = (full ? [...snapshot.endpoints, snapshot.aggregated] : [snapshot.aggregated]).map((e): Cell[] => [
		Math.floor(timestamp / 1000),
		users,
		e.method,
		e.name,
		formatRate(e.currentRps),
		formatRate(e.currentFps),
		...percentileCells(e.currentPercentiles, e.requests),
		e.requests,
		e.failures,
		formatMs(e.medianMs),
		formatMs(e.avgMs),
		formatMs(e.minMs),
		formatMs(e.maxMs),
		Math.round(e.avgContentBytes),
		targetUsers ?? '',
	]);
	return lines(rows);
}

/** PREFIX_failures.csv */
export function failuresCsv(errors: readonly ErrorStats[]): string {
	return `${FAILURES_CSV_HEADER}\n${lines(errors.map((e) => [e.method, e.name, e.error, e.occurrences]))}`;
}

/** PREFIX_exceptions.csv; Nodes lists the worker ids, comma-separated as Locust does. */
export function exceptionsCsv(exceptions: readonly ExceptionStats[]): string {
	return `${EXCEPTIONS_CSV_HEADER}\n${lines(exceptions.map((x) => [x.count, x.message, x.traceback, x.sources.join(', ')]))}`;
}

/** PREFIX_workers.csv: a row per worker; stats over the whole run. */
export function workersCsv(workers: readonly WorkerReportRow[]): string {
	const rows = workers.map((w): Cell[] => {
		const s = w.stats;
		const n = s?.requests ?? 0;
		return [
			w.id,
			w.state,
			w.users,
			n,
			s?.failures ?? 0,
			formatRate(s?.rps ?? 0),
			n > 0 ? formatMs(s!.percentiles['50']) : 'N/A',
			n > 0 ? formatMs(s!.percentiles['95']) : 'N/A',
			n > 0 ? formatMs(s!.percentiles['99']) : 'N/A',
			w.cpuPercent === null ? '' : w.cpuPercent.toFixed(1),
			w.memoryMb === null ? '' : w.memoryMb.toFixed(1),
		];
	});
	return `${WORKERS_CSV_HEADER}\n${lines(rows)}`;
}
