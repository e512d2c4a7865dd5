/**
 * The dashboard's view model: the plain data every panel needs, and nothing else.
 *
 * The dashboard never reads the master's store or the aggregator directly. A selector
 * (`select-dashboard-model.ts`) maps (master state, stats snapshot, now) to this shape, so the
 * panels are pure props → UI and tests build a model by hand. All times are epoch or duration
 * milliseconds, all rates per second, all sizes bytes.
 */

/** The run's lifecycle, as the master reports it. */
export type RunState = 'waiting' | 'ready' | 'spawning' | 'running' | 'stopping' | 'stopped';

/** Always-visible header fields. */
export interface HeaderModel {
	state: RunState;
	/** Users running now, summed over the workers. */
	users: number;
	/** Users asked for (the master's target). */
	targetUsers: number;
	/** Users started per second, for the whole fleet. */
	spawnRate: number;
	/** Time since the run started, ms; 0 before it starts. */
	elapsedMs: number;
	/** Time left of `--run-time`, ms; undefined when the run has no time limit. */
	remainingMs?: number;
	/** Current total requests per second (the aggregator's recent window); 0 while no user runs. */
	totalRps: number;
	/** Failed requests over all requests, 0..1. */
	failureRatio: number;
	workersReady: number;
	workersMissing: number;
	/** `--expect-workers`, when given; shown as "ready/expected". */
	workersExpected?: number;
	/** The target host, e.g. `http://127.0.0.1:8080`; empty when the plan sets none. */
	host: string;
	/** The load shape's progress, e.g. `stage 2/3 → 8 users, 21s left · next 0 users · 31s of 1m20s left`; undefined without a shape. */
	shape?: string;
	/** Live threshold verdicts, in order; undefined without thresholds. */
	thresholds?: ThresholdBadge[];
	/** Thresholds not judged yet (before the test's first second): how many. */
	thresholdsPending?: number;
}

/** One threshold as the header shows it. */
export interface ThresholdBadge {
	expression: string;
	ok: boolean;
	/** Its live value, formatted (`412ms`, `0.4%`, `-`). */
	value: string;
}

/** One row of the Stats view: an endpoint, or the Aggregated total. */
export interface StatsRow {
	/** HTTP method or custom type; empty for the Aggregated row. */
	method: string;
	name: string;
	requests: number;
	failures: number;
	medianMs: number;
	p95Ms: number;
	p99Ms: number;
	avgMs: number;
	minMs: number;
	maxMs: number;
	/** Average response body, bytes. */
	avgBytes: number;
	/** Requests per second over the recent window. */
	currentRps: number;
	/** Failures per second over the recent window. */
	currentFailPerSec: number;
}

/**
 * Why a worker is marked. Each mark is shown in colour AND as a word, so it reads without colour.
 * - `missing`: the master lost it (Last Will or missed heartbeats).
 * - `cpu`: its CPU is over 90 %, so its numbers measure the worker, not the target.
 * - `low-rps`: an outlier against its peers on requests per second per user (see worker-marks.ts).
 * - `high-p95`: an outlier against its peers on p95 response time (see worker-marks.ts).
 */
export type WorkerMark = 'missing' | 'cpu' | 'low-rps' | 'high-p95';

/** One row of the Workers view. */
export interface WorkerRow {
	id: string;
	/** The worker's own state word (e.g. `ready`, `running`, `stopped`, `missing`); `running` once it runs all it was told to. */
	state: string;
	users: number;
	/** Requests per second over the recent window; NaN (shown as `-`) for a worker that is gone. */
	rps: number;
	/** Failures, total. */
	failures: number;
	p50Ms: number;
	p95Ms: number;
	/** CPU of the worker process, percent of one core. */
	cpuPercent: number;
	/** Resident set size, bytes. */
	rssBytes: number;
	/** Time since its last heartbeat, ms. */
	heartbeatAgeMs: number;
	marks: WorkerMark[];
}

/** One second of history, for the Charts view. */
export interface ChartPoint {
	/** Epoch ms of the second. */
	atMs: number;
	rps: number;
	failuresPerSec: number;
	p50Ms: number;
	p95Ms: number;
	users: number;
}

/** Failures grouped by (method, name, error). */
export interface FailureRow {
	method: string;
	name: string;
	error: string;
	occurrences: number;
}

/** Task exceptions grouped by message. */
export interface ExceptionRow {
	message: string;
	count: number;
	/** Where it was first thrown (a stack); the view shows its first frame. */
	traceback: string;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** One line of the master's log: joins, losses, warnings, plan errors. */
export interface LogLine {
	atMs: number;
	level: LogLevel;
	/** `master` or a worker id. */
	source: string;
	text: string;
}

/** One endpoint of one worker, in its drill-down. */
export interface WorkerEndpointRow {
	method: string;
	name: string;
	requests: number;
	failures: number;
	/** ms, whole run (or since reset). */
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	/** Requests per second over the recent window. */
	currentRps: number;
}

/** One worker, drilled into: what it runs, per endpoint, its resources and its log. */
export interface WorkerDetail {
	row: WorkerRow;
	hostname: string;
	pid: number;
	endpoints: WorkerEndpointRow[];
	/** Its CPU (percent of a core) and resident memory (bytes), one sample a heartbeat, oldest first. */
	cpuPercent: number[];
	rssBytes: number[];
	/** Its log lines, oldest first. */
	log: LogLine[];
}

/** One settled second of every worker's requests per second, for the per-worker chart. */
export interface WorkerRatePoint {
	atMs: number;
	/** By worker id; a worker not yet seen is absent. */
	rps: Record<string, number>;
}

/** How remote workers join, shown while fewer than expected have. */
export interface JoinModel {
	/** The command with the token masked. */
	masked: string;
	/** The command as it must be run, token included. */
	revealed: string;
	/** Where it sends workers, e.g. `mqtt://10.0.0.5:5557`. */
	url: string;
	/** Other addresses of the master, for workers on another network. */
	otherHosts: string[];
}

/** Everything the dashboard shows. */
export interface DashboardModel {
	header: HeaderModel;
	/** Endpoint rows, in any order (the view sorts them). */
	stats: StatsRow[];
	/** The Aggregated row, always shown last. */
	aggregated: StatsRow;
	workers: WorkerRow[];
	/** Oldest first, one point a second; the view shows the newest that fit. */
	history: ChartPoint[];
	failures: FailureRow[];
	exceptions: ExceptionRow[];
	/** Oldest first; the view shows the newest that fit. */
	log: LogLine[];
	/** Messages the master dropped as malformed and the broker refused, since the start (the Log view shows them: the lines may have scrolled out). */
	dropped: { malformed: number; refused: number };
	/** Per-worker requests/s, oldest first (the Charts view's per-worker chart). */
	workerRates?: WorkerRatePoint[];
	/** The worker being drilled into, when one is (see `DashboardFocus`). */
	workerDetail?: WorkerDetail;
	/** The join command, on a master that workers join from elsewhere. */
	join?: JoinModel;
}

/** What the dashboard is looking at closely: the model fills `workerDetail` for this worker. */
export interface DashboardFocus {
	workerId?: string;
}

/**
 * What the dashboard's keys do: the master runtime, as the dashboard sees it.
 * Every call is fire-and-forget; the result shows up in the next model. A method may return a
 * promise (the master's `stopUsers` and `quit` do); a rejection shows as a footer notice.
 */
export interface DashboardActions {
	/** Set the target user count (absolute, ≥ 0). */
	setUsers(users: number): void | Promise<unknown>;
	/** Set the fleet-wide spawn rate, users per second (> 0). */
	setSpawnRate(rate: number): void | Promise<unknown>;
	/** Start a run that is waiting (with the current target and rate). */
	start(): void | Promise<unknown>;
	/** Stop the users; the master and its workers stay up. */
	stopUsers(): void | Promise<unknown>;
	/** Reset the stats. */
	resetStats(): void | Promise<unknown>;
	/** Hand control back to the load shape after a ramp key paused it (no-op without a shape). */
	resumeShape?(): void | Promise<unknown>;
	/** Stop everything, write the reports and exit. */
	quit(): void | Promise<unknown>;
	/** Copy the join command to the clipboard (the dashboard's own: OSC 52). */
	copyJoin?(): void;
}


