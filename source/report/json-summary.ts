/**
 * The `--json` summary: one JSON document on stdout at the end of a headless run, with a
 * stable schema documented in docs/JSON-SUMMARY.md. Pure.
 *
 * Stability rule: fields are only ever added within a schemaVersion; renaming, removing or
 * changing the meaning of a field bumps it.
 */
import {PERCENTILE_KEYS, type Percentiles} from '../stats/percentiles.ts';
import type {EndpointStats, HistoryPoint, SeriesStats, StatsSnapshot} from '../stats/snapshot.ts';
import {round} from '../format.ts';
import type {WorkerReportRow} from './worker-report.ts';
import type {ThresholdResult as EvaluatedThreshold} from '../thresholds/evaluate-thresholds.ts';

/** Bumped on any incompatible change to the shape below. */
export const JSON_SUMMARY_SCHEMA_VERSION = 1;

/** One second of the run: running and target users, and the requests counted in that second. */
export interface TimelinePoint {
	/** Epoch ms. */
	time: number;
	users: number;
	targetUsers: number;
	rps: number;
}

/**
 * The facts of a run that are not stats, declared once: the run session's `FinishedRun`, the
 * final reports' `SummaryInput` and this summary's `RunInfo` all extend it.
 */
export interface RunFacts {
	/** Epoch ms the run started (the load, not the process). */
	startedAt: number;
	/** Epoch ms it ended. */
	endedAt: number;
	/** Most users running at once. */
	peakUsers: number;
	/** Why the run ended: e.g. `run-time`, `interrupted`, `all-workers-lost`. */
	stopReason: string;
	/** The exit code the process ends with. */
	exitCode: number;
	/** More on the stop: a plan's quit() reason, the threshold that aborted the run. */
	stopDetail?: string | null | undefined;
	/** `stages`, `tick` (loadShape) when a load shape drove the run. */
	shape?: 'stages' | 'tick' | null | undefined;
	/** Every threshold's final verdict, in the order given (the RunDirector's evaluation). */
	thresholds?: readonly EvaluatedThreshold[];
	/** One point a second (JSON `timeline`). */
	timeline?: readonly TimelinePoint[];
}

/** The run's facts plus what the summary takes from the config and the master; the caller supplies them. */
export interface RunInfo extends RunFacts {
	/** Target host (-H), or null when the plan's own hosts were used. */
	host: string | null;
	/** Users asked for (-u). */
	targetUsers: number;
	/** Users started a second (-r), or null. */
	spawnRate: number | null;
	/** The plan file, as given. */
	plan: string | null;
}

/**
 * One threshold in the summary: the verdict the HTML report, JUnit and /metrics read
 * ({@link ThresholdResult}), with the parsed parts of its expression.
 */
export interface JsonThreshold extends ThresholdResult {
	/** `Aggregated`, `GET /checkout`, `/checkout`. */
	target: string;
	metric: string;
	op: string;
	limit: number;
}

/** Response-time and rate fields shared by endpoints, the total and workers. */
export interface JsonSeries {
	requests: number;
	failures: number;
	/** 0..1 */
	failRatio: number;
	/** Requests/s over the run. */
	rps: number;
	/** Failures/s over the run. */
	fps: number;
	avgMs: number;
	minMs: number;
	medianMs: number;
	maxMs: number;
	avgContentBytes: number;
	/**
	 * ms at `p50`, `p66`, `p75`, `p80`, `p90`, `p95`, `p98`, `p99`, `p99.9`, `p99.99`, `p100`
	 * (prefixed so the keys keep their order in JSON and read as `.percentiles.p95` in jq).
	 */
	percentiles: Record<string, number>;
}

/** An endpoint, or the total (method `""`, name `Aggregated`). */
export interface JsonEndpoint extends JsonSeries {
	method: string;
	name: string;
}

/** A worker: membership plus its series (zeros if it sent no stats). */
export interface JsonWorker extends JsonSeries {
	id: string;
	state: string;
	users: number;
	cpuPercent: number | null;
	memoryMb: number | null;
}

/**
 * One settled second of the run (see docs/JSON-SUMMARY.md): the chart's history point, its
 * time as ISO 8601 UTC (the second's start) and its figures rounded.
 */
export type JsonHistoryPoint = Omit<HistoryPoint, 'time'> & { time: string };

/** A worker's requests in each second of `history` (same length). */
export interface JsonWorkerHistory {
	id: string;
	requests: number[];
}

/** A threshold's verdict (thresholds are evaluated elsewhere; the reports only show them). */
export interface ThresholdResult {
	/** As written, e.g. `p95 < 300`. */
	expression: string;
	/** The measured value; null when there was nothing to measure. */
	value: number | null;
	ok: boolean;
	/** Why it failed when the value alone does not say, e.g. `no requests for GET /checkout`. */
	message?: string;
}

/** What the run recorded over time; every part optional. */
export interface RunRecord {
	history?: readonly HistoryPoint[];
	workerHistory?: ReadonlyMap<string, readonly number[]>;
}

/** An evaluated threshold as the reports show it: its verdict, and why in `message` when it has no value. */
export function thresholdVerdict(t: EvaluatedThreshold): ThresholdResult {
	return {
		expression: t.expression,
		value: t.value === null ? null : round(t.value, 6),
		ok: t.ok,
		...(t.problem !== undefined && {message: t.problem}),
	};
}

function jsonThreshold(t: EvaluatedThreshold): JsonThreshold {
	const {expression, ...verdict} = thresholdVerdict(t);
	return {expression, target: t.target, metric: t.metric, op: t.op, limit: t.limit, ...verdict};
}

/** The whole document. */
export interface JsonSummary {
	schemaVersion: number;
	run: {
		startedAt: string;
		endedAt: string;
		durationSeconds: number;
		host: string | null;
		plan: string | null;
		targetUsers: number;
		peakUsers: number;
		spawnRate: number | null;
		exitCode: number;
		stopReason: string;
		stopDetail: string | null;
		shape: 'stages' | 'tick' | null;
	};
	aggregated: JsonEndpoint;
	endpoints: JsonEndpoint[];
	errors: Array<{method: string; name: string; error: string; occurrences: number}>;
	exceptions: Array<{message: string; traceback: string; count: number; workers: string[]}>;
	workers: JsonWorker[];
	/** Per settled second, oldest first (the last 3 hours at most). Absent in older documents. */
	history?: JsonHistoryPoint[];
	/** Per worker (the first 64 to send stats), aligned with `history`. Absent in older documents. */
	workerHistory?: JsonWorkerHistory[];
	/** Seconds since the start, running users, target users and requests in that second. */
	timeline: Array<{second: number; users: number; targetUsers: number; rps: number}>;
	/** Present only when the run had thresholds. */
	thresholds?: JsonThreshold[];
}

const ms = (v: number) => round(v, 3);
const rate = (v: number) => round(v, 3);

/** The JSON keys of the percentiles, in order. */
export const JSON_PERCENTILE_KEYS = PERCENTILE_KEYS.map((k) => `p${k}`);

function percentiles(p: Percentiles): Record<string, number> {
	return Object.fromEntries(PERCENTILE_KEYS.map((k) => [`p${k}`, ms(p[k])]));
}

function series(s: SeriesStats): JsonSeries {
	return {
		requests: s.requests,
		failures: s.failures,
		failRatio: round(s.failRatio, 6),
		rps: rate(s.rps),
		fps: rate(s.fps),
		avgMs: ms(s.avgMs),
		minMs: ms(s.minMs),
		medianMs: ms(s.medianMs),
		maxMs: ms(s.maxMs),
		avgContentBytes: round(s.avgContentBytes, 1),
		percentiles: percentiles(s.percentiles),
	};
}

const endpoint = (e: EndpointStats): JsonEndpoint => ({method: e.method, name: e.name, ...series(e)});

const emptySeries: JsonSeries = {
	requests: 0,
	failures: 0,
	failRatio: 0,
	rps: 0,
	fps: 0,
	avgMs: 0,
	minMs: 0,
	medianMs: 0,
	maxMs: 0,
	avgContentBytes: 0,
	percentiles: Object.fromEntries(PERCENTILE_KEYS.map((k) => [`p${k}`, 0])),
};

function historyPoint(p: HistoryPoint): JsonHistoryPoint {
	return {
		...p,
		time: new Date(p.time).toISOString(),
		rps: rate(p.rps),
		fps: rate(p.fps),
		p50Ms: ms(p.p50Ms),
		p95Ms: ms(p.p95Ms),
		p99Ms: ms(p.p99Ms),
	};
}

/** Build the summary object (see docs/JSON-SUMMARY.md). */
export function buildJsonSummary(snapshot: StatsSnapshot, run: RunInfo, workers: readonly WorkerReportRow[] = [], record: RunRecord = {}): JsonSummary {
	const summary: JsonSummary = {
		schemaVersion: JSON_SUMMARY_SCHEMA_VERSION,
		run: {
			startedAt: new Date(run.startedAt).toISOString(),
			endedAt: new Date(run.endedAt).toISOString(),
			durationSeconds: round(Math.max(0, run.endedAt - run.startedAt) / 1000, 3),
			host: run.host,
			plan: run.plan,
			targetUsers: run.targetUsers,
			peakUsers: run.peakUsers,
			spawnRate: run.spawnRate,
			exitCode: run.exitCode,
			stopReason: run.stopReason,
			stopDetail: run.stopDetail ?? null,
			shape: run.shape ?? null,
		},
		aggregated: endpoint(snapshot.aggregated),
		endpoints: snapshot.endpoints.map(endpoint),
		errors: snapshot.errors.map((e) => ({method: e.method, name: e.name, error: e.error, occurrences: e.occurrences})),
		exceptions: snapshot.exceptions.map((x) => ({message: x.message, traceback: x.traceback, count: x.count, workers: [...x.sources]})),
		workers: workers.map((w) => ({
			id: w.id,
			state: w.state,
			users: w.users,
			cpuPercent: w.cpuPercent === null ? null : round(w.cpuPercent, 1),
			memoryMb: w.memoryMb === null ? null : round(w.memoryMb, 1),
			...(w.stats === null ? emptySeries : series(w.stats)),
		})),
		history: (record.history ?? []).map(historyPoint),
		workerHistory: [...(record.workerHistory ?? new Map<string, readonly number[]>())].map(([id, requests]) => ({id, requests: [...requests]})),
		timeline: (run.timeline ?? []).map((p) => ({
			second: Math.round((p.time - run.startedAt) / 1000),
			users: p.users,
			targetUsers: p.targetUsers,
			rps: p.rps,
		})),
	};
	if (run.thresholds !== undefined && run.thresholds.length > 0) summary.thresholds = run.thresholds.map(jsonThreshold);
	return summary;
}

/** The summary as printed: pretty JSON and a final newline. */
export function formatJsonSummary(summary: JsonSummary): string {
	return `${JSON.stringify(summary, null, 2)}\n`;
}
