/**
 * Plain, serialisable views of the master's stats: what the dashboard, the headless printer
 * and the reports read. Produced by `Aggregator`; no methods, no Maps, safe to JSON.stringify.
 * Times are ms (floats, µs resolution); rates are per second; timestamps are epoch ms.
 */
import type {Percentiles} from './percentiles.ts';

/** Counters, rates and percentiles of one series (an endpoint, the total, or a worker). */
export interface SeriesStats {
	requests: number;
	failures: number;
	/** failures / requests, 0..1; 0 without requests. */
	failRatio: number;
	/** ms; 0 without requests. */
	avgMs: number;
	/** ms, exact; 0 without requests. */
	minMs: number;
	/** ms, exact. */
	maxMs: number;
	/** ms: the 50 % percentile (from the histogram, <= 1 % high). */
	medianMs: number;
	/** Bytes a response, on average. */
	avgContentBytes: number;
	/** Requests/s over the whole run (or since reset). */
	rps: number;
	/** Failures/s over the whole run (or since reset). */
	fps: number;
	/** Requests/s over the current window (last 10 s, lagging 2 s). */
	currentRps: number;
	/** Failures/s over the current window. */
	currentFps: number;
	/** Over the whole run. 100 % is the exact max. */
	percentiles: Percentiles;
	/** Over the responses that arrived in the last 10 s. */
	currentPercentiles: Percentiles;
}

/** One endpoint (method + name), or the total row (method `''`, name `Aggregated`). */
export interface EndpointStats extends SeriesStats {
	/** HTTP method or custom type; `''` on the Aggregated row, as Locust leaves Type empty. */
	method: string;
	name: string;
}

/** Failures grouped by (method, name, error). */
export interface ErrorStats {
	method: string;
	name: string;
	error: string;
	occurrences: number;
}

/** Task exceptions grouped by message. */
export interface ExceptionStats {
	message: string;
	/** Traceback of the first occurrence the master saw. */
	traceback: string;
	count: number;
	/** Worker ids it came from, sorted. */
	sources: string[];
}

/** One worker's own stats (no per-endpoint breakdown). */
export interface WorkerStats extends SeriesStats {
	id: string;
	/** Epoch ms (master clock) of the worker's first delta, minus its duration. */
	startedAt: number;
	/** Epoch ms (master clock) the last delta arrived. */
	lastDeltaAt: number;
}

/** Everything at one instant. */
export interface StatsSnapshot {
	/** Epoch ms the snapshot was taken (master clock). */
	takenAt: number;
	/** Epoch ms the run (or the last reset) started counting; null before any delta. */
	startedAt: number | null;
	/** Epoch ms the last delta arrived; null before any. */
	lastDeltaAt: number | null;
	/** Seconds from startedAt to lastDeltaAt: the denominator of the whole-run rates. */
	elapsedSeconds: number;
	/** Sorted by name, then method. */
	endpoints: EndpointStats[];
	aggregated: EndpointStats;
	/** Sorted by occurrences, most first. */
	errors: ErrorStats[];
	/** Sorted by count, most first. */
	exceptions: ExceptionStats[];
	/** Sorted by id. */
	workers: WorkerStats[];
}

/** One settled second of the chart history. */
export interface HistoryPoint {
	/** Epoch ms of the second's start (master clock). */
	time: number;
	/** Users at that second, as last given to `recordUsers`. */
	users: number;
	/** Target users at that second, null until a target was recorded. */
	targetUsers: number | null;
	/** Requests counted in that second (= requests/s). */
	rps: number;
	/** Failures counted in that second. */
	fps: number;
	/** ms, over the responses that arrived in that second (not the 10 s window); 0 if none. */
	p50Ms: number;
	/** ms, same population as p50Ms. */
	p95Ms: number;
	/** ms, same population as p50Ms. */
	p99Ms: number;
}

/** One endpoint of one worker, for the dashboard's per-worker drill-down. */
export interface WorkerEndpointStats {
	method: string;
	name: string;
	requests: number;
	failures: number;
	/** ms, over the whole run (or since reset). */
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	/** Requests/s over the current window. */
	currentRps: number;
}

/** One settled second of every worker's requests (= requests/s), for the per-worker chart. */
export interface WorkerRatePoint {
	/** Epoch ms of the second's start (master clock). */
	time: number;
	/** Requests in that second, by worker id; a worker not yet seen is absent. */
	rps: Record<string, number>;
}
