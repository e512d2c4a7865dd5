/**
 * One stats series on the master: totals since the start (or reset) plus the sliding window.
 * The aggregator keeps one per endpoint and one for the total; a worker's is lighter (worker-series.ts).
 */
import type {LatencyHistogram, SparseHistogram} from './histogram.ts';
import {PERCENTILE_VALUES, toPercentiles, ZERO_PERCENTILES, type Percentiles} from './percentiles.ts';
import {SlidingWindow, type WindowShape} from './sliding-window.ts';
import type {SeriesStats} from './snapshot.ts';
import {CounterTotals, type Counters} from './counters.ts';

export type {Counters} from './counters.ts';

/** Scratch for percentile queries (snapshots are taken one at a time). */
const scratch = new Array<number>(PERCENTILE_VALUES.length);

/** Percentiles of a histogram, cached until the histogram (or the clamping range) changes. */
export class PercentileCache {
	private key = '';
	private value: Percentiles = ZERO_PERCENTILES;

	get(histogram: LatencyHistogram, version: number, minMs: number, maxMs: number, exactMax: boolean): Percentiles {
		if (histogram.count === 0) return ZERO_PERCENTILES;
		return this.compute(version, minMs, maxMs, () => toPercentiles(histogram.percentilesMs(PERCENTILE_VALUES, scratch), minMs, maxMs, exactMax));
	}

	/** The cached value while `version` and the range hold, else `compute()`'s. */
	compute(version: number, minMs: number, maxMs: number, compute: () => Percentiles): Percentiles {
		const key = `${version}:${minMs}:${maxMs}`;
		if (key !== this.key) {
			this.value = compute();
			this.key = key;
		}
		return this.value;
	}
}

/** The plain view of counters, rates and percentiles (one row of a snapshot). */
export function seriesStats(c: Counters, rates: {rps: number; fps: number}, percentiles: Percentiles, currentPercentiles: Percentiles, elapsedSeconds: number): SeriesStats {
	const n = c.requests;
	return {
		requests: n,
		failures: c.failures,
		failRatio: n > 0 ? c.failures / n : 0,
		avgMs: n > 0 ? c.totalMs / n : 0,
		minMs: n > 0 ? c.minMs : 0,
		maxMs: c.maxMs,
		medianMs: percentiles['50'],
		avgContentBytes: n > 0 ? c.contentBytes / n : 0,
		rps: elapsedSeconds > 0 ? n / elapsedSeconds : 0,
		fps: elapsedSeconds > 0 ? c.failures / elapsedSeconds : 0,
		currentRps: rates.rps,
		currentFps: rates.fps,
		percentiles,
		currentPercentiles,
	};
}

/** Totals plus a sliding window. */
export class StatsSeries extends CounterTotals {
	readonly window: SlidingWindow;
	/** Bumped on every change to `histogram`. */
	private version = 0;
	private readonly totalCache = new PercentileCache();
	private readonly windowCache = new PercentileCache();

	constructor(shape?: WindowShape) {
		super();
		this.window = new SlidingWindow(shape);
	}

	/**
	 * Add one delta's worth.
	 * @param fromMs start of the delta on the master clock, epoch ms.
	 * @param toMs its arrival, epoch ms.
	 */
	add(c: Counters, sparse: SparseHistogram, fromMs: number, toMs: number): void {
		this.addCounters(c);
		this.histogram.addSparse(sparse);
		this.version++;
		this.window.addCounts(c.requests, c.failures, fromMs, toMs);
		this.window.addHistogram(sparse, Math.floor(toMs / 1000));
	}

	/**
	 * The plain view.
	 * @param nowMs master clock, epoch ms.
	 * @param startMs when this series started counting (window rates are not diluted before it).
	 * @param elapsedSeconds denominator of the whole-run rates.
	 */
	stats(nowMs: number, startMs: number, elapsedSeconds: number): SeriesStats {
		this.window.advance(Math.floor(nowMs / 1000));
		const minMs = this.requests > 0 ? this.minMs : 0;
		// Cached: a dashboard asks several times a second, a thousand workers' rows each time.
		const percentiles = this.totalCache.get(this.histogram, this.version, minMs, this.maxMs, true);
		const currentPercentiles = this.windowCache.get(this.window.histogram, this.window.version, minMs, this.maxMs, false);
		return seriesStats(this, this.window.rates(nowMs, startMs), percentiles, currentPercentiles, elapsedSeconds);
	}

	/** Forget everything (the reset command). */
	override clear(): void {
		super.clear();
		this.version++;
		this.window.clear();
	}
}
