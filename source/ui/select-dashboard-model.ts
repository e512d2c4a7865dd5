/**
 * The one place that knows both the master's state and the aggregator's snapshot: maps
 * (master state, stats snapshot, chart history, now) to the dashboard's model. Pure; the
 * integrator calls it from `getModel`, at most 4 times a second.
 */
import { activeWorkers, runningUsers, type MasterState, type WorkerView } from '../master/master-state.ts';
import type { EndpointStats, HistoryPoint, StatsSnapshot, WorkerEndpointStats, WorkerRatePoint as StatsWorkerRatePoint, WorkerStats } from '../stats/snapshot.ts';
import type { ChartPoint, DashboardModel, JoinModel, LogLine, StatsRow, WorkerDetail, WorkerRow } from './dashboard-model.ts';
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
	/** Every worker's settled requests per second, for the per-worker chart. */
	workerHistory?: readonly StatsWorkerRatePoint[];
	/** The worker drilled into: its endpoint rows and CPU/memory samples. */
	focus?: { workerId: string; endpoints: readonly WorkerEndpointStats[]; cpuPercent: number[]; rssBytes: number[] };
	/** How remote workers join this master. */
	join?: JoinModel;
	/** The run session's live extras: the load shape's progress and the thresholds' verdicts. */
	live?: HeaderLive;
}

/** What the run session adds to the header. */
export interface HeaderLive {
	/** `stage 2/3 → 8 users, 21s left · next 0 users · 31s of 1m20s left`; undefined without a shape. */
	shape: string | undefined;
	thresholds: ReadonlyArray<{ expression: string; ok: boolean; metric: ThresholdMetric; value: number | null }>;
	/** How many thresholds the run has; the header says so before the first verdicts. */
	thresholdCount?: number;
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
	const gone = worker.state === 'missing' || worker.state === 'left';
	return {
		id: worker.id,
		state: workerStateWord(worker),
		users: worker.userCount,
		// The window would go on showing a gone worker's old rate, decaying; it sends nothing now.
		// A worker running nobody sends nothing either.
		rps: gone ? Number.NaN : worker.userCount === 0 ? 0 : (stats?.currentRps ?? 0),
		failures: stats?.failures ?? 0,
		p50Ms: percentiles?.['50'] ?? 0,
		p95Ms: percentiles?.['95'] ?? 0,
		cpuPercent: worker.cpuPercent,
		rssBytes: worker.rssBytes,
		heartbeatAgeMs: Math.max(0, now - worker.lastHeartbeatAt),
	};
}

/**
 * A worker's state word. A worker says `spawning` until its next heartbeat after the ramp;
 * once it runs every user it was told to, it is running, whatever the word still says.
 */
function workerStateWord(worker: WorkerView): string {
	if (worker.state === 'spawning' && worker.userCount > 0 && sameUsers(worker.users, worker.assigned)) return 'running';
	return worker.state;
}

function sameUsers(a: Record<string, number>, b: Record<string, number>): boolean {
	for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) if ((a[name] ?? 0) !== (b[name] ?? 0)) return false;
	return true;
}

/**
 * A row whose window rates are zeroed: with no user running nothing is sent, and the 10 s window
 * would otherwise show the last seconds of load decaying for 10 more seconds.
 */
function idleRow(row: StatsRow): StatsRow {
	return { ...row, currentRps: 0, currentFailPerSec: 0 };
}

function logLine(entry: MasterState['log'][number]): LogLine {
	return { atMs: entry.at, level: entry.level, source: entry.source, text: entry.text };
}

function chartPoint(point: HistoryPoint): ChartPoint {
	return { atMs: point.time, rps: point.rps, failuresPerSec: point.fps, p50Ms: point.p50Ms, p95Ms: point.p95Ms, users: point.users };
}

/** Build the dashboard's model. */
export function selectDashboardModel({ master, stats, history, now, runTimeMs, planHost, workerHistory, focus, join, live }: DashboardSources): DashboardModel {
	const elapsedMs = master.startedAt === null ? 0 : Math.max(0, (master.stoppedAt ?? now) - master.startedAt);
	const statsById = new Map(stats.workers.map((worker) => [worker.id, worker]));
	const workers = Object.values(master.workers).sort((a, b) => a.id.localeCompare(b.id));
	const rows = workers.map((worker) => workerRow(worker, statsById.get(worker.id), now));
	const marks = markWorkers(rows.map((row, index) => ({ ...row, missing: workers[index]?.state === 'missing' })));
	const log: LogLine[] = master.log.map(logLine);
	const users = runningUsers(master);
	const settled = (row: StatsRow): StatsRow => (users === 0 ? idleRow(row) : row);
	const aggregated = settled(statsRow(stats.aggregated));
	const workerRows = rows.map((row, index) => ({ ...row, marks: marks[index] ?? [] }));
	return {
		header: {
			state: master.runState,
			users,
			targetUsers: master.targetUsers,
			spawnRate: master.spawnRate,
			elapsedMs,
			remainingMs: runTimeMs === undefined || master.startedAt === null ? undefined : Math.max(0, runTimeMs - elapsedMs),
			totalRps: aggregated.currentRps,
			failureRatio: stats.aggregated.failRatio,
			workersReady: activeWorkers(master).length,
			workersMissing: workers.filter((worker) => worker.state === 'missing').length,
			workersExpected: master.expectWorkers > 0 ? master.expectWorkers : undefined,
			host: master.host ?? planHost ?? '',
			...(live?.shape !== undefined && { shape: live.shape }),
			...(live !== undefined && live.thresholds.length > 0 && {
				thresholds: live.thresholds.map((t) => ({ expression: t.expression, ok: t.ok, value: formatThresholdValue(t.metric, t.value) })),
			}),
			...(live !== undefined && live.thresholds.length === 0 && (live.thresholdCount ?? 0) > 0 && { thresholdsPending: live.thresholdCount }),
		},
		stats: stats.endpoints.map((row) => settled(statsRow(row))),
		aggregated,
		workers: workerRows,
		history: history.map(chartPoint),
		failures: stats.errors.map((error) => ({ method: error.method, name: error.name, error: error.error, occurrences: error.occurrences })),
		exceptions: stats.exceptions.map((exception) => ({ message: exception.message, count: exception.count, traceback: exception.traceback })),
		log,
		dropped: { malformed: master.malformed, refused: master.refused },
		...(workerHistory === undefined ? {} : { workerRates: workerHistory.map((point) => ({ atMs: point.time, rps: point.rps })) }),
		...(focus === undefined ? {} : { workerDetail: workerDetail(focus, master, workerRows, log, users === 0) }),
		...(join === undefined ? {} : { join }),
	};
}

/** The drilled-into worker, or undefined when it is not (or no longer) known. */
function workerDetail(focus: NonNullable<DashboardSources['focus']>, master: MasterState, rows: readonly WorkerRow[], log: readonly LogLine[], idle: boolean): WorkerDetail | undefined {
	const worker = master.workers[focus.workerId];
	const row = rows.find((candidate) => candidate.id === focus.workerId);
	if (worker === undefined || row === undefined) return undefined;
	const gone = worker.state === 'missing' || worker.state === 'left';
	return {
		row,
		hostname: worker.hostname,
		pid: worker.pid,
		// As on the fleet rows: nothing is sent by a worker that runs nobody or is gone.
		endpoints: focus.endpoints.map((e) => ({ ...e, currentRps: gone ? Number.NaN : idle || worker.userCount === 0 ? 0 : e.currentRps })),
		cpuPercent: focus.cpuPercent,
		rssBytes: focus.rssBytes,
		log: log.filter((line) => line.source === focus.workerId),
	};
}
