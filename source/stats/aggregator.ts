/**
 * The master-side merge: every worker's StatsDelta goes in through `apply`, plain snapshots
 * come out. Pure: an injected clock, no timers, no I/O.
 *
 * Merging is exact: counters add, histograms add bucket by bucket, so the percentiles of N
 * workers' deltas are those of one recorder fed the union. Percentiles always come from merged
 * histograms, never from averaging percentiles.
 *
 * Time: a delta is placed on the master's clock where it arrives, spanning its own duration
 * back from there (see sliding-window.ts). Whole-run rates divide by the time from the first
 * delta's start (or the last reset) to the last delta's arrival, as Locust divides by the
 * time to its last request.
 */
import type {StatsDelta} from './stats-delta.ts';
import {mergeSparse} from './sparse.ts';
import {decodeAll} from './delta-check.ts';
import {StatsSeries, type Counters} from './series.ts';
import {DEFAULT_WINDOW, type SlidingWindow, type WindowShape, type WindowSum} from './sliding-window.ts';
import {ChartHistory, DEFAULT_HISTORY_CAPACITY} from './chart-history.ts';
import type {EndpointStats, ErrorStats, ExceptionStats, HistoryPoint, StatsSnapshot, WorkerEndpointStats, WorkerRatePoint, WorkerStats} from './snapshot.ts';
import {WorkerBreakdown} from './worker-breakdown.ts';
import {RangeHistogram} from './range-histogram.ts';

/** Re-exported: callers catch it from the aggregator's `apply`. */
export {StatsDeltaError} from './delta-check.ts';

/** Options for an {@link Aggregator}. */
export interface AggregatorOptions {
	/** Epoch ms clock. Default `Date.now`. */
	now?: () => number;
	/** Seconds in the current window. Default 10. */
	windowSeconds?: number;
	/** Seconds the current window lags, waiting for late deltas; use stats interval + 1. Default 2. */
	lagSeconds?: number;
	/** Seconds of chart history kept. Default 10,800 (3 h). */
	historySeconds?: number;
}

/** Name of the total row, as Locust names it. */
export const AGGREGATED_NAME = 'Aggregated';

/** Longest duration a delta may claim, ms: beyond this it is clamped (a worker clock jump). */
const MAX_DELTA_SPAN_MS = 3_600_000;

/**
 * Bounds on distinct keys, so a plan that puts ids in request names or a target that puts
 * timestamps in error texts cannot eat the master's memory (each endpoint costs ~30 KB).
 * Past a bound, new keys fold into one overflow row that says what to do.
 */
export const LIMITS = {endpoints: 1000, errors: 1000, exceptions: 1000};
/** Name of the row that collects endpoints past LIMITS.endpoints. */
export const OVERFLOW_NAME = '(other names: too many distinct names, use the name option)';
/** Error/exception text that collects kinds past their limit. */
export const OVERFLOW_ERROR = '(other errors: too many distinct kinds)';

interface WorkerEntry {
	/** Range histograms: a full one is 13-28 KB, and a master holds a thousand workers. */
	series: StatsSeries<RangeHistogram>;
	startedAt: number;
	lastDeltaAt: number;
}

interface ExceptionEntry {
	message: string;
	traceback: string;
	count: number;
	sources: Set<string>;
}

/** Merges deltas from many workers into per-endpoint, total and per-worker stats. */
export class Aggregator {
	private readonly now: () => number;
	private readonly shape: WindowShape;
	/** method -> name -> series */
	private readonly endpoints = new Map<string, Map<string, StatsSeries>>();
	private readonly total: StatsSeries;
	private readonly workers = new Map<string, WorkerEntry>();
	/** `method\0name\0error` -> row */
	private readonly errors = new Map<string, ErrorStats>();
	private readonly exceptions = new Map<string, ExceptionEntry>();
	private readonly chart: ChartHistory;
	/** Per-worker endpoint rows and rate history (the drill-down and the per-worker chart). */
	private readonly breakdown: WorkerBreakdown;
	/** Distinct endpoint series created since the last reset (for LIMITS.endpoints). */
	private endpointCount = 0;
	private startedAt: number | undefined;
	private lastDeltaAt: number | undefined;

	constructor(options: AggregatorOptions = {}) {
		this.now = options.now ?? Date.now;
		this.shape = {
			windowSeconds: options.windowSeconds ?? DEFAULT_WINDOW.windowSeconds,
			lagSeconds: options.lagSeconds ?? DEFAULT_WINDOW.lagSeconds,
		};
		this.total = new StatsSeries(this.shape);
		this.chart = new ChartHistory(options.historySeconds ?? DEFAULT_HISTORY_CAPACITY);
		this.breakdown = new WorkerBreakdown(this.shape, LIMITS.endpoints, OVERFLOW_NAME);
	}

	/**
	 * Merge one delta from one worker. All-or-nothing: a delta whose histograms do not decode,
	 * or whose counts are not sane, throws {@link StatsDeltaError} and changes nothing (the
	 * caller counts it and drops it). Deduplication (sequence numbers) is the caller's job.
	 * @param source the worker id it came from.
	 */
	apply(source: string, delta: StatsDelta): void {
		const sparse = decodeAll(delta);
		const now = this.now();
		const span = Math.min(Math.max(0, delta.endedAt - delta.startedAt) || 0, MAX_DELTA_SPAN_MS);
		const from = now - span;
		this.startedAt ??= from;
		this.advance(now);

		let worker = this.workers.get(source);
		if (worker === undefined) {
			worker = {series: new StatsSeries(this.shape, () => new RangeHistogram()), startedAt: from, lastDeltaAt: now};
			this.workers.set(source, worker);
		}
		worker.lastDeltaAt = now;

		const sum: Counters = {requests: 0, failures: 0, totalMs: 0, minMs: Infinity, maxMs: 0, contentBytes: 0};
		delta.endpoints.forEach((e, i) => {
			this.endpointSeries(e.method, e.name).add(e, sparse[i]!, from, now);
			this.breakdown.add(source, e.method, e.name, e, sparse[i]!, from, now);
			sum.requests += e.requests;
			sum.failures += e.failures;
			sum.totalMs += e.totalMs;
			if (e.requests > 0) {
				sum.minMs = Math.min(sum.minMs, e.minMs);
				sum.maxMs = Math.max(sum.maxMs, e.maxMs);
			}
			sum.contentBytes += e.contentBytes;
		});
		// One merged histogram for the total and the worker: one window part each, not one per endpoint.
		const combined = mergeSparse(sparse);
		this.total.add(sum, combined, from, now);
		worker.series.add(sum, combined, from, now);

		for (const e of delta.errors) {
			let key = `${e.method}\0${e.name}\0${e.error}`;
			let row = this.errors.get(key);
			if (row === undefined && this.errors.size >= LIMITS.errors) {
				key = OVERFLOW_ERROR;
				row = this.errors.get(key);
			}
			if (row === undefined) this.errors.set(key, {...(key === OVERFLOW_ERROR ? {method: '', name: '', error: OVERFLOW_ERROR} : e), occurrences: e.occurrences});
			else row.occurrences += e.occurrences;
		}
		for (const x of delta.exceptions) {
			let entry = this.exceptions.get(x.message) ?? (this.exceptions.size >= LIMITS.exceptions ? this.exceptions.get(OVERFLOW_ERROR) : undefined);
			if (entry === undefined) {
				const overflow = this.exceptions.size >= LIMITS.exceptions;
				entry = {message: overflow ? OVERFLOW_ERROR : x.message, traceback: overflow ? '' : x.traceback, count: 0, sources: new Set()};
				this.exceptions.set(entry.message, entry);
			}
			entry.count += x.count;
			entry.sources.add(source);
		}
		this.lastDeltaAt = now;
	}

	/**
	 * The number of running users now, for the chart history (and the caller's CSV history).
	 * Call it every tick or whenever it changes; a second without a call keeps the last value.
	 * @param targetUsers the users asked for at that moment, for the report's target line.
	 */
	recordUsers(users: number, targetUsers?: number): void {
		this.chart.recordUsers(users, Math.floor(this.now() / 1000), targetUsers);
	}

	/** Forget all stats (the `R` key): totals, windows, errors, exceptions, workers. The chart history goes on. */
	reset(): void {
		for (const byName of this.endpoints.values()) for (const s of byName.values()) s.clear();
		this.endpoints.clear();
		this.endpointCount = 0;
		this.total.clear();
		this.workers.clear();
		this.breakdown.reset();
		this.errors.clear();
		this.exceptions.clear();
		this.startedAt = this.now();
		this.lastDeltaAt = undefined;
	}

	/** Seconds the whole-run rates divide by. */
	get elapsedSeconds(): number {
		if (this.startedAt === undefined || this.lastDeltaAt === undefined) return 0;
		return Math.max(0, (this.lastDeltaAt - this.startedAt) / 1000);
	}

	/** Per endpoint, sorted by name then method. */
	endpointStats(): EndpointStats[] {
		const now = this.now();
		this.advance(now);
		const rows: EndpointStats[] = [];
		for (const [method, byName] of this.endpoints) {
			for (const [name, series] of byName) rows.push({method, name, ...series.stats(now, this.startedAt ?? now, this.elapsedSeconds)});
		}
		return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
	}

	/** The total row: method `''`, name `Aggregated`. */
	aggregatedStats(): EndpointStats {
		const now = this.now();
		this.advance(now);
		return {method: '', name: AGGREGATED_NAME, ...this.total.stats(now, this.startedAt ?? now, this.elapsedSeconds)};
	}

	/** Failures grouped by (method, name, error), most first. */
	errorStats(): ErrorStats[] {
		return [...this.errors.values()].map((e) => ({...e})).sort((a, b) => b.occurrences - a.occurrences);
	}

	/** Exceptions grouped by message, most first, with the workers they came from. */
	exceptionStats(): ExceptionStats[] {
		return [...this.exceptions.values()]
			.map((x) => ({message: x.message, traceback: x.traceback, count: x.count, sources: [...x.sources].sort()}))
			.sort((a, b) => b.count - a.count);
	}

	/** Per worker, sorted by id. Rates run from the worker's own first delta. */
	workerStats(): WorkerStats[] {
		const now = this.now();
		const rows: WorkerStats[] = [];
		for (const [id, w] of this.workers) rows.push(this.workerRow(id, w, now));
		return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	}

	private workerRow(id: string, w: WorkerEntry, now: number): WorkerStats {
		const elapsed = Math.max(0, (w.lastDeltaAt - w.startedAt) / 1000);
		return {id, startedAt: w.startedAt, lastDeltaAt: w.lastDeltaAt, ...w.series.stats(now, w.startedAt, elapsed)};
	}

	/**
	 * Everything at once.
	 * @param options.workers include per-worker rows (default true); a dashboard that shows
	 *   workers on another panel or less often can leave them out.
	 */
	snapshot(options: {workers?: boolean} = {}): StatsSnapshot {
		return {
			takenAt: this.now(),
			startedAt: this.startedAt ?? null,
			lastDeltaAt: this.lastDeltaAt ?? null,
			elapsedSeconds: this.elapsedSeconds,
			endpoints: this.endpointStats(),
			aggregated: this.aggregatedStats(),
			errors: this.errorStats(),
			exceptions: this.exceptionStats(),
			workers: options.workers === false ? [] : this.workerStats(),
		};
	}

	/** One worker's endpoints, most requests first (its drill-down); empty before its first delta. */
	workerEndpointStats(id: string): WorkerEndpointStats[] {
		return this.breakdown.endpoints(id, this.now());
	}

	/** Settled per-second requests of every worker, oldest first (the per-worker chart). Do not mutate. */
	workerRateHistory(): readonly WorkerRatePoint[] {
		this.advance(this.now());
		return this.breakdown.history();
	}

	/** A new test: forget the chart's points as well as the stats (see {@link reset}). */
	clearHistory(): void {
		this.chart.clear();
	}

	/** Settled per-second points for charts, oldest first (see chart-history.ts). Do not mutate. */
	history(): readonly HistoryPoint[] {
		this.advance(this.now());
		return this.chart.points();
	}

	/** Per worker (the first 64), its requests in each second of `history()`, aligned with it. Do not mutate. */
	workerHistory(): ReadonlyMap<string, readonly number[]> {
		this.advance(this.now());
		return this.chart.workerPoints();
	}

	private advance(now: number): void {
		if (this.startedAt === undefined) return;
		this.chart.settle(this.total.window, Math.floor(now / 1000), Math.floor(this.startedAt / 1000), () => this.workerWindows());
		this.breakdown.settle(now, this.startedAt);
	}

	private *workerWindows(): Iterable<[string, SlidingWindow<WindowSum>]> {
		for (const [id, w] of this.workers) yield [id, w.series.window];
	}

	private endpointSeries(method: string, name: string): StatsSeries {
		let byName = this.endpoints.get(method);
		if (byName === undefined) {
			byName = new Map();
			this.endpoints.set(method, byName);
		}
		let series = byName.get(name);
		if (series === undefined) {
			if (this.endpointCount >= LIMITS.endpoints && name !== OVERFLOW_NAME) return this.endpointSeries(method, OVERFLOW_NAME);
			this.endpointCount++;
			series = new StatsSeries(this.shape);
			byName.set(name, series);
		}
		return series;
	}
}
