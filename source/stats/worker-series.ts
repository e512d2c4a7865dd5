/**
 * One worker's series on the master: its counters and its sliding window, without the two dense
 * histograms (13-28 KB each) a fleet-wide series keeps, since a master holds one of these per
 * worker. The window merges its few per-second parts when asked; the whole-run histogram is the
 * worker's endpoints' (worker-breakdown.ts holds them for the drill-down), passed in by the
 * caller. Percentiles are exactly those a dense series would give on the same buckets.
 */
import type {SparseHistogram} from './histogram.ts';
import {PERCENTILE_VALUES, toPercentiles, ZERO_PERCENTILES} from './percentiles.ts';
import {SlidingWindow, type WindowShape} from './sliding-window.ts';
import type {SeriesStats} from './snapshot.ts';
import {Tally, type Counters} from './counters.ts';
import {PercentileCache, seriesStats} from './series.ts';
import {sparsePercentilesMs} from './sparse.ts';

/** Counters plus a sliding window of per-second parts. */
export class WorkerSeries extends Tally {
	readonly window: SlidingWindow;
	private readonly totalCache = new PercentileCache();
	private readonly windowCache = new PercentileCache();

	constructor(shape?: WindowShape) {
		super();
		this.window = new SlidingWindow(shape, false);
	}

	/** Add one delta's worth, placed on [fromMs, toMs] of the master's clock. */
	add(c: Counters, sparse: SparseHistogram, fromMs: number, toMs: number): void {
		this.addCounters(c);
		this.window.addCounts(c.requests, c.failures, fromMs, toMs);
		this.window.addHistogram(sparse, Math.floor(toMs / 1000));
	}

	/**
	 * The plain view (as StatsSeries.stats).
	 * @param whole the worker's whole-run histogram; asked for only when the counters changed.
	 */
	stats(nowMs: number, startMs: number, elapsedSeconds: number, whole: () => SparseHistogram): SeriesStats {
		this.window.advance(Math.floor(nowMs / 1000));
		const minMs = this.requests > 0 ? this.minMs : 0;
		// Every request is in the whole-run histogram, so the request count versions it.
		const percentiles = this.requests === 0 ? ZERO_PERCENTILES : this.totalCache.compute(this.requests, minMs, this.maxMs, () => toPercentiles(sparsePercentilesMs(whole(), PERCENTILE_VALUES), minMs, this.maxMs, true));
		const currentPercentiles = this.windowCache.compute(this.window.version, minMs, this.maxMs, () => {
			const sparse = this.window.sparse();
			return sparse.total === 0 ? ZERO_PERCENTILES : toPercentiles(sparsePercentilesMs(sparse, PERCENTILE_VALUES), minMs, this.maxMs, false);
		});
		return seriesStats(this, this.window.rates(nowMs, startMs), percentiles, currentPercentiles, elapsedSeconds);
	}

	/** Forget everything (the reset command). */
	override clear(): void {
		super.clear();
		this.window.clear();
	}
}
