/**
 * One stats series on the master: totals since the start (or reset) plus the sliding window.
 * The aggregator keeps one per endpoint, one for the total and one per worker. The histograms
 * are full LatencyHistograms by default; a worker's are RangeHistograms (range-histogram.ts: a
 * few KB each where a full one is 13-28 KB, since a master holds a thousand workers' series).
 * Either gives exactly the same percentiles on the same buckets.
 */
import {LatencyHistogram, type SparseHistogram} from './histogram.ts';
import {PERCENTILE_VALUES, toPercentiles, ZERO_PERCENTILES, type Percentiles} from './percentiles.ts';
import {SlidingWindow, type WindowShape, type WindowSum} from './sliding-window.ts';
import type {SeriesStats} from './snapshot.ts';
import {Tally, type Counters} from './counters.ts';

export type {Counters} from './counters.ts';

/** What a series needs of a histogram: a window's running sum that also answers percentiles. */
export interface SeriesHistogram extends WindowSum {
	/** Number of values held. */
	readonly count: number;
	/** ms at each percentile (ascending, 0 < p <= 100); 0s when empty. */
	percentilesMs(percentiles: readonly number[]): number[];
}

/** Percentiles of a histogram, cached until the histogram (or the clamping range) changes. */
class PercentileCache {
	private key = '';
	private value: Percentiles = ZERO_PERCENTILES;

	get(histogram: SeriesHistogram, version: number, minMs: number, maxMs: number, exactMax: boolean): Percentiles {
		if (histogram.count === 0) return ZERO_PERCENTILES;
		const key = `${version}:${minMs}:${maxMs}`;
		if (key !== this.key) {
			this.value = toPercentiles(histogram.percentilesMs(PERCENTILE_VALUES), minMs, maxMs, exactMax);
			this.key = key;
		}
		return this.value;
	}
}

/** Totals plus a sliding window. */
export class StatsSeries<H extends SeriesHistogram = LatencyHistogram> extends Tally {
	/** The whole run's (or since the last reset). */
	readonly histogram: H;
	readonly window: SlidingWindow<H>;
	/** Bumped on every change to `histogram`. */
	private version = 0;
	private readonly totalCache = new PercentileCache();
	private readonly windowCache = new PercentileCache();

	/** @param makeHistogram makes the two histograms (a LatencyHistogram each by default). */
	constructor(shape?: WindowShape, makeHistogram: () => H = () => new LatencyHistogram() as unknown as H) {
		super();
		this.histogram = makeHistogram();
		this.window = new SlidingWindow(shape, makeHistogram());
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
		const {rps: currentRps, fps: currentFps} = this.window.rates(nowMs, startMs);
		const n = this.requests;
		const minMs = n > 0 ? this.minMs : 0;
		// Cached: a dashboard asks several times a second, a thousand workers' rows each time.
		const percentiles = this.totalCache.get(this.histogram, this.version, minMs, this.maxMs, true);
		const currentPercentiles = this.windowCache.get(this.window.histogram, this.window.version, minMs, this.maxMs, false);
		return {
			requests: n,
			failures: this.failures,
			failRatio: n > 0 ? this.failures / n : 0,
			avgMs: n > 0 ? this.totalMs / n : 0,
			minMs,
			maxMs: this.maxMs,
			medianMs: percentiles['50'],
			avgContentBytes: n > 0 ? this.contentBytes / n : 0,
			rps: elapsedSeconds > 0 ? n / elapsedSeconds : 0,
			fps: elapsedSeconds > 0 ? this.failures / elapsedSeconds : 0,
			currentRps,
			currentFps,
			percentiles,
			currentPercentiles,
		};
	}

	/** Forget everything (the reset command). */
	override clear(): void {
		super.clear();
		this.histogram.reset();
		this.version++;
		this.window.clear();
	}
}
