/**
 * The one place that knows both the master's state and the aggregator's snapshot: maps
 * (master state, stats snapshot, chart history, now) to the dashboard's model. Pure; the
 * integrator calls it from `getModel`, at most 4 times a second.
 */
import { activeWorkers, runningUsers, type MasterState, type WorkerView } from '../master/master-state.ts';
import type { EndpointStats, HistoryPoint, StatsSnapshot, WorkerStats } from '../stats/snapshot.ts';
import type { ChartPoint, DashboardModel, LogLine, StatsRow, WorkerRow } from './dashboard-model.ts';
import { markWorkers } from './worker-marks.ts';
import { formatThresholdValue } from '../thresholds/evaluate-thresholds.ts';
import type { ThresholdMetric } from '../thresholds/parse-threshold.ts';

/** What the dashboard is drawn from. */
export interface DashboardSources {
	master: MasterState;
	stats: StatsSnapshot;
	/** The aggregator's settled seconds, oldest first. */
	history: readonly HistoryPoint[];
	/** Epoch ms, the master's clock. */
	now: number;
	/** `-t/--run-time` in ms, when given: the header shows the time left. */
	runTimeMs?: number;
	/** The plan's host, shown when `-H` was not given (the master state's host is null then). */
	planHost?: string;
	/** The run session's live extras: the load shape's progress and the thresholds' verdicts. */
	live?: HeaderLive;
}

/** What the run session adds to the header. */
export interface HeaderLive {
	/** `stage 2/3 · 1m12s left · next target 0 users`; undefined without a shape. */
	shape: string | undefined;
	thresholds: ReadonlyArray<{ expression: string; ok: boolean; metric: ThresholdMetric; value: number | null }>;
}

function statsRow(row: EndpointStats): StatsRow {
	return {
		method: row.method,
		name: row.name,
		requests: row.requests,
		failures: row.failures,
		medianMs: row.medianMs,
		p95Ms: row.percentiles['95'],
		p99Ms: row.percentiles['99'],
		avgMs: row.avgMs,
		minMs: row.minMs,
		maxMs: row.maxMs,
		avgBytes: row.avgContentBytes,
		currentRps: row.currentRps,
		currentFailPerSec: row.currentFps,
	};
}

/**
 * One worker's row. Rates and percentiles are the recent window's (what it does now, which is
 * what the outlier test should judge); before a worker has a recent response they fall back
 * to the whole run's.
 */
function workerRow(worker: WorkerView, stats: WorkerStats | undefined, now: number): Omit<WorkerRow, 'marks'> {
	const recent = stats !== undefined && stats.currentRps > 0;
	const percentiles = stats === undefined ? undefined : recent ? stats.currentPercentiles : stats.percentiles;
	return {
		id: worker.id,
		state: worker.state,
		users: worker.userCount,
		rps: stats?.currentRps ?? 0,
		failures: stats?.failures ?? 0,
		p50Ms: percentiles?.['50'] ?? 0,
		p95Ms: percentiles?.['95'] ?? 0,
		cpuPercent: worker.cpuPercent,
		rssBytes: worker.rssBytes,
		heartbeatAgeMs: Math.max(0, now - worker.lastHeartbeatAt),
	};
}

function logLine(entry: MasterState['log'][number]): LogLine {
	return { atMs: entry.at, level: entry.level, source: entry.source, text: entry.text };
}

function chartPoint(point: HistoryPoint): ChartPoint {
	return { atMs: point.time, rps: point.rps, failuresPerSec: point.fps, p50Ms: point.p50Ms, p95Ms: point.p95Ms, users: point.users };
}

/** Build the dashboard's model. */
export function selectDashboardModel({ master, stats, history, now, runTimeMs, planHost, live }: DashboardSources): DashboardModel {
	const elapsedMs = master.startedAt === null ? 0 : Math.max(0, (master.stoppedAt ?? now) - master.startedAt);
	const statsById = new Map(stats.workers.map((worker) => [worker.id, worker]));
	const workers = Object.values(master.workers).sort((a, b) => a.id.localeCompare(b.id));
	const rows = workers.map((worker) => workerRow(worker, statsById.get(worker.id), now));
	const marks = markWorkers(rows.map((row, index) => ({ ...row, missing: workers[index]?.state === 'missing' })));
	const log: LogLine[] = master.log.map(logLine);
	return {
		header: {
			state: master.runState,
			users: runningUsers(master),
			targetUsers: master.targetUsers,
			spawnRate: master.spawnRate,
			elapsedMs,
			remainingMs: runTimeMs === undefined || master.startedAt === null ? undefined : Math.max(0, runTimeMs - elapsedMs),
			totalRps: stats.aggregated.currentRps,
			failureRatio: stats.aggregated.failRatio,
			workersReady: activeWorkers(master).length,
			workersMissing: workers.filter((worker) => worker.state === 'missing').length,
			workersExpected: master.expectWorkers > 0 ? master.expectWorkers : undefined,
			host: master.host ?? planHost ?? '',
			...(live?.shape !== undefined && { shape: live.shape }),
			...(live !== undefined && live.thresholds.length > 0 && {
				thresholds: live.thresholds.map((t) => ({ expression: t.expression, ok: t.ok, value: formatThresholdValue(t.metric, t.value) })),
			}),
		},
		stats: stats.endpoints.map(statsRow),
		aggregated: statsRow(stats.aggregated),
		workers: rows.map((row, index) => ({ ...row, marks: marks[index] ?? [] })),
		history: history.map(chartPoint),
		failures: stats.errors.map((error) => ({ method: error.method, name: error.name, error: error.error, occurrences: error.occurrences })),
		exceptions: stats.exceptions.map((exception) => ({ message: exception.message, count: exception.count, traceback: exception.traceback })),
		log,
	};
}
