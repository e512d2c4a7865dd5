/**
 * The counter fields every stats holder shares: the worker's per-endpoint counters
 * (recorder.ts, with a histogram: CounterTotals) and the master's series (series.ts, which
 * picks its own histograms: Tally). One base class, so the fields and their reset are written
 * once. Plain own fields on the same object: the recorder's hot path reads and writes them
 * directly, with no extra allocation or indirection per request.
 */
import {LatencyHistogram} from './histogram.ts';

/** The counters of one delta (an endpoint's, or several endpoints' summed). */
export interface Counters {
	requests: number;
	failures: number;
	/** ms */
	totalMs: number;
	/** ms; ignored when requests is 0. */
	minMs: number;
	/** ms */
	maxMs: number;
	contentBytes: number;
}

/** Running counters alone: a master series (series.ts) picks its own histograms beside them. */
export class Tally implements Counters {
	requests = 0;
	failures = 0;
	/** ms */
	totalMs = 0;
	/** ms; Infinity until the first request. */
	minMs = Infinity;
	/** ms */
	maxMs = 0;
	contentBytes = 0;

	/** Add one delta's counters (min and max only when it had requests). */
	addCounters(c: Counters): void {
		this.requests += c.requests;
		this.failures += c.failures;
		this.totalMs += c.totalMs;
		if (c.requests > 0) {
			if (c.minMs < this.minMs) this.minMs = c.minMs;
			if (c.maxMs > this.maxMs) this.maxMs = c.maxMs;
		}
		this.contentBytes += c.contentBytes;
	}

	/** Zero the counters (subclasses clear their own extras). */
	clear(): void {
		this.requests = 0;
		this.failures = 0;
		this.totalMs = 0;
		this.minMs = Infinity;
		this.maxMs = 0;
		this.contentBytes = 0;
	}
}

/** Running counters plus a latency histogram; subclasses add what they keep beside them. */
export class CounterTotals extends Tally {
	readonly histogram = new LatencyHistogram();

	/** Zero the counters and the histogram (subclasses clear their own extras). */
	override clear(): void {
		super.clear();
		this.histogram.reset();
	}
}
