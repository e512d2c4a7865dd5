/**
 * One worker's series on the master: its counters, its whole-run histogram and its sliding
 * window, with RangeHistograms (range-histogram.ts: a few KB each) where a fleet-wide series
 * keeps two full histograms (13-28 KB each), since a master holds one of these per worker.
 * Percentiles are exactly those a full series gives on the same buckets.
 */
import type {SparseHistogram} from './histogram.ts';
import {PERCENTILE_VALUES, toPercentiles, ZERO_PERCENTILES} from './percentiles.ts';
import {SlidingWindow, type WindowShape} from './sliding-window.ts';
import type {SeriesStats} from './snapshot.ts';
import {Tally, type Counters} from './counters.ts';
import {PercentileCache, seriesStats} from './series.ts';
import {RangeHistogram} from './range-histogram.ts';

/** Counters plus a whole-run histogram and a sliding window. */
export class WorkerSeries extends Tally {
	readonly window: SlidingWindow<RangeHistogram>;
	private readonly whole = new RangeHistogram();
	/** Bumped on every change to `whole`. */
	private version = 0;
	private readonly totalCache = new PercentileCache();
	private readonly windowCache = new PercentileCache();

	constructor(shape?: WindowShape) {
		super();
		this.window = new SlidingWindow(shape, new RangeHistogram());
	}

	/** Add one delta's worth, placed on [fromMs, toMs] of the master's clock. */
	add(c: Counters, sparse: SparseHistogram, fromMs: number, toMs: number): void {
		this.addCounters(c);
		this.whole.addSparse(sparse);
		this.version++;
		this.window.addCounts(c.requests, c.failures, fromMs, toMs);
		this.window.addHistogram(sparse, Math.floor(toMs / 1000));
	}

	/** The plain view (as StatsSeries.stats). */
	stats(nowMs: number, startMs: number, elapsedSeconds: number): SeriesStats {
		this.window.advance(Math.floor(nowMs / 1000));
		const minMs = this.requests > 0 ? this.minMs : 0;
		const {whole, window} = this;
		const percentiles = whole.total === 0 ? ZERO_PERCENTILES : this.totalCache.compute(this.version, minMs, this.maxMs, () => toPercentiles(whole.percentilesMs(PERCENTILE_VALUES), minMs, this.maxMs, true));
		const currentPercentiles = window.histogram.total === 0 ? ZERO_PERCENTILES : this.windowCache.compute(window.version, minMs, this.maxMs, () => toPercentiles(window.histogram.percentilesMs(PERCENTILE_VALUES), minMs, this.maxMs, false));
		return seriesStats(this, window.rates(nowMs, startMs), percentiles, currentPercentiles, elapsedSeconds);
	}

	/** Forget everything (the reset command). */
	override clear(): void {
		super.clear();
		this.whole.reset();
		this.version++;
		this.window.clear();
	}
}
