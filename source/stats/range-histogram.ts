/**
 * The histograms the master holds per worker and per (worker, endpoint): counts over one
 * contiguous range of bucket indexes, so adding (or, for a window, subtracting) a delta's part
 * is one store a bucket, with no search and no allocation once the range covers what the
 * worker sees. Counts start at 16 bits and widen to 32, then to 64-bit floats, as a bucket
 * needs: a simulated worker's endpoints span about 900 buckets each, 1.8 KB at 16 bits, about
 * what their non-zero buckets cost sparse, where a full histogram's counts are 13-28 KB.
 */
import {MAX_INDEX, type SparseHistogram} from './histogram.ts';
import {walkPercentilesMs} from './sparse.ts';

type Counts = Uint16Array | Uint32Array | Float64Array;

/** Buckets added past a new low or high edge, so a slowly widening range does not copy each time. */
const SLACK_BELOW = 16;
const SLACK_ABOVE = 32;

const limitOf = (counts: Counts): number => (counts instanceof Uint16Array ? 0xffff : counts instanceof Uint32Array ? 0xffff_ffff : Number.MAX_SAFE_INTEGER);

/** Counts over [lo, lo + counts.length), all >= 0. */
export class RangeHistogram {
	private lo = 0;
	private counts: Counts = new Uint16Array(0);
	/** Sum of counts. */
	total = 0;

	/** Number of values held (the total, as LatencyHistogram names it). */
	get count(): number {
		return this.total;
	}

	/** Add a part's buckets (exact). */
	addSparse(part: SparseHistogram): void {
		const {indexes, counts} = part;
		const n = indexes.length;
		if (n === 0) return;
		if (indexes[0]! < this.lo || indexes[n - 1]! >= this.lo + this.counts.length) this.cover(indexes[0]!, indexes[n - 1]!);
		let store = this.counts;
		let limit = limitOf(store);
		const lo = this.lo;
		for (let j = 0; j < n; j++) {
			const k = indexes[j]! - lo;
			const value = store[k]! + counts[j]!;
			if (value > limit) {
				store = this.counts = value > 0xffff_ffff ? new Float64Array(store) : new Uint32Array(store);
				limit = limitOf(store);
			}
			store[k] = value;
		}
		this.total += part.total;
	}

	/** Remove a part added before (a window's oldest second leaving it). */
	subtractSparse(part: SparseHistogram): void {
		const {indexes, counts} = part;
		for (let j = 0; j < indexes.length; j++) this.counts[indexes[j]! - this.lo]! -= counts[j]!;
		this.total -= part.total;
	}

	/** Forget every count, keeping the range. */
	reset(): void {
		this.counts.fill(0);
		this.total = 0;
	}

	/**
	 * Several percentiles in one pass, ms, exactly as `LatencyHistogram.percentilesMs` gives them
	 * on the same buckets. @param percentiles ascending, 0 < p <= 100; 0s when empty.
	 */
	percentilesMs(percentiles: readonly number[]): number[] {
		const {counts, lo} = this;
		return walkPercentilesMs(this.total, percentiles, counts.length, (k) => counts[k]!, (k) => lo + k);
	}

	/** The non-zero buckets, ascending (plain arrays: a query's, soon garbage). */
	toSparse(): SparseHistogram {
		const indexes: number[] = [];
		const counts: number[] = [];
		const store = this.counts;
		for (let k = 0; k < store.length; k++) {
			if (store[k] !== 0) {
				indexes.push(this.lo + k);
				counts.push(store[k]!);
			}
		}
		return {indexes, counts, total: this.total};
	}

	/** Grow the range to hold [first, last], with slack on the side that grew. */
	private cover(first: number, last: number): void {
		const empty = this.counts.length === 0;
		const hi = this.lo + this.counts.length - 1;
		const lo = empty || first < this.lo ? Math.max(0, first - SLACK_BELOW) : this.lo;
		const top = empty || last > hi ? Math.min(MAX_INDEX, last + SLACK_ABOVE) : hi;
		const next = new (this.counts.constructor as new (length: number) => Counts)(top - lo + 1);
		if (!empty) next.set(this.counts, this.lo - lo);
		this.lo = lo;
		this.counts = next;
	}
}
