/**
 * The "current" view of one stats series: requests and failures per second for recent
 * seconds, and a histogram of the responses that arrived over the last `windowSeconds`.
 *
 * Time is the master's clock (the caller passes it in): a delta is placed where it arrived,
 * and only its duration comes from the worker, so clock skew between machines cannot move a
 * worker's load out of the window.
 *
 * - Counts: a delta covering [from, to] is spread over the seconds it overlaps in proportion
 *   to the overlap, so per-second counts may be fractional; their sums are exact.
 * - Rates: over the `windowSeconds` whole seconds that end `lagSeconds` before the current one.
 *   The lag (Locust uses 2 s too) lets the slowest worker's delta for a second arrive before
 *   the second is counted; with a stats interval above 1 s, pass interval + 1.
 * - Histogram: a running sum of the per-second parts of the last `windowSeconds` arrival
 *   seconds; the oldest second is subtracted as it leaves (exact, no re-merge). The sum is a
 *   full LatencyHistogram by default; the master's per-worker windows pass a RangeHistogram
 *   (range-histogram.ts), a few KB where a full one is 13-28 KB, held a thousand times.
 */
import {LatencyHistogram, type SparseHistogram} from './histogram.ts';
import {EMPTY_SPARSE, compactSparse, mergeSparse} from './sparse.ts';

/** The running sum a window keeps of its parts. */
export interface WindowSum {
	addSparse(part: SparseHistogram): void;
	subtractSparse(part: SparseHistogram): void;
	reset(): void;
}

/** Shape of the window. */
export interface WindowShape {
	/** Seconds in the current window. Default 10, as Locust. */
	windowSeconds: number;
	/** Whole seconds left out at the young end, waiting for late deltas. Default 2. */
	lagSeconds: number;
}

/** Window defaults: 10 s, 2 s lag. */
export const DEFAULT_WINDOW: WindowShape = {windowSeconds: 10, lagSeconds: 2};

interface HistogramSlot {
	/** Arrival second (epoch s) this slot holds; -1 when empty. */
	sec: number;
	parts: SparseHistogram[];
}

/** Per-second counts and a sliding histogram; see the file comment. */
export class SlidingWindow<Sum extends WindowSum = LatencyHistogram> {
	/** The running sum of the parts in the window. */
	readonly histogram: Sum;
	/** Bumped whenever `histogram` changes, so readers can cache what they derive from it. */
	version = 0;
	private readonly size: number;
	private readonly tags: Float64Array;
	private readonly requests: Float64Array;
	private readonly failures: Float64Array;
	private readonly slots: HistogramSlot[];
	private latestArrival = -Infinity;

	/** @param sum the running sum to keep (a new LatencyHistogram by default). */
	constructor(
		readonly shape: WindowShape = DEFAULT_WINDOW,
		sum?: Sum,
	) {
		this.histogram = sum ?? (new LatencyHistogram() as unknown as Sum);
		// Counts are kept a little longer than the window so the chart history can read a second
		// after it settles.
		this.size = shape.windowSeconds + shape.lagSeconds + 2;
		this.tags = new Float64Array(this.size).fill(-1);
		this.requests = new Float64Array(this.size);
		this.failures = new Float64Array(this.size);
		this.slots = Array.from({length: shape.windowSeconds}, () => ({sec: -1, parts: []}));
	}

	/**
	 * Spread counts over the seconds of [fromMs, toMs] (epoch ms, master clock).
	 * Seconds older than the ring are dropped (they only matter to totals, kept elsewhere).
	 */
	addCounts(requests: number, failures: number, fromMs: number, toMs: number): void {
		const last = Math.floor(toMs / 1000);
		const duration = toMs - fromMs;
		if (!(duration > 0)) {
			this.addToSecond(last, requests, failures);
			return;
		}
		const first = Math.max(Math.floor(fromMs / 1000), last - this.size + 1);
		for (let s = first; s <= last; s++) {
			const overlap = Math.min(toMs, (s + 1) * 1000) - Math.max(fromMs, s * 1000);
			if (overlap > 0) this.addToSecond(s, (requests * overlap) / duration, (failures * overlap) / duration);
		}
	}

	private addToSecond(sec: number, requests: number, failures: number): void {
		const i = sec % this.size;
		const tag = this.tags[i]!;
		if (tag !== sec) {
			// Never let an old second clobber a newer one sharing the slot.
			if (tag > sec) return;
			this.tags[i] = sec;
			this.requests[i] = 0;
			this.failures[i] = 0;
		}
		this.requests[i]! += requests;
		this.failures[i]! += failures;
	}

	/** Requests and failures counted for a second (epoch s), 0 when unknown. */
	countsAt(sec: number): {requests: number; failures: number} {
		const i = sec % this.size;
		if (this.tags[i] !== sec) return {requests: 0, failures: 0};
		return {requests: this.requests[i]!, failures: this.failures[i]!};
	}

	/**
	 * Add a delta's histogram, placed at its arrival second (epoch s, master clock). A clock
	 * that steps back is held at the latest second seen, so slots stay in order.
	 */
	addHistogram(sparse: SparseHistogram, arrivalSec: number): void {
		if (sparse.total === 0) return;
		if (arrivalSec < this.latestArrival) arrivalSec = this.latestArrival;
		if (arrivalSec > this.latestArrival) {
			// The previous second is complete: fold its parts into one, to keep memory at one
			// part a second however many workers report, in typed arrays since it is held.
			const previous = this.slotFor(this.latestArrival);
			if (previous !== undefined && previous.parts.length > 0) previous.parts = [compactSparse(mergeSparse(previous.parts))];
			this.latestArrival = arrivalSec;
		}
		const slot = this.slots[arrivalSec % this.slots.length]!;
		if (slot.sec !== arrivalSec) {
			this.expire(slot);
			slot.sec = arrivalSec;
		}
		slot.parts.push(sparse);
		this.histogram.addSparse(sparse);
		this.version++;
	}

	/** Drop the histogram parts that left the window by `nowSec` (epoch s). */
	advance(nowSec: number): void {
		for (const slot of this.slots) if (slot.sec !== -1 && slot.sec <= nowSec - this.slots.length) this.expire(slot);
	}

	/** Merged histogram of the responses that arrived in one second (epoch s); empty when gone. */
	histogramAt(sec: number): SparseHistogram {
		const slot = this.slotFor(sec);
		if (slot === undefined) return EMPTY_SPARSE;
		if (slot.parts.length > 1) slot.parts = [mergeSparse(slot.parts)];
		return slot.parts[0] ?? EMPTY_SPARSE;
	}

	/**
	 * Current requests/s and failures/s: the counts of the window's whole seconds divided by the
	 * time the window covers since `startMs` (so a young run is not diluted by seconds before it).
	 * @param nowMs epoch ms, master clock.
	 * @param startMs when this series started counting, epoch ms.
	 */
	rates(nowMs: number, startMs: number): {rps: number; fps: number} {
		const newest = Math.floor(nowMs / 1000) - this.shape.lagSeconds;
		const oldest = newest - this.shape.windowSeconds + 1;
		const seconds = ((newest + 1) * 1000 - Math.max(startMs, oldest * 1000)) / 1000;
		if (!(seconds > 0)) return {rps: 0, fps: 0};
		let requests = 0;
		let failures = 0;
		for (let i = 0; i < this.size; i++) {
			const tag = this.tags[i]!;
			if (tag >= oldest && tag <= newest) {
				requests += this.requests[i]!;
				failures += this.failures[i]!;
			}
		}
		return {rps: requests / seconds, fps: failures / seconds};
	}

	/** Forget everything (the reset command). */
	clear(): void {
		this.tags.fill(-1);
		this.requests.fill(0);
		this.failures.fill(0);
		for (const slot of this.slots) {
			slot.sec = -1;
			slot.parts = [];
		}
		this.histogram.reset();
		this.latestArrival = -Infinity;
		this.version++;
	}

	private slotFor(sec: number): HistogramSlot | undefined {
		if (!Number.isFinite(sec)) return undefined;
		const slot = this.slots[sec % this.slots.length]!;
		return slot.sec === sec ? slot : undefined;
	}

	private expire(slot: HistogramSlot): void {
		if (slot.parts.length > 0) this.version++;
		for (const part of slot.parts) this.histogram.subtractSparse(part);
		slot.parts = [];
		slot.sec = -1;
	}
}
