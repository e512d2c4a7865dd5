/**
 * Operations on sparse histograms (the non-zero buckets of a delta): merging many small ones
 * into one, and percentiles straight from the buckets. The master receives a delta per
 * endpoint per worker per second; keeping those sparse keeps memory proportional to what was
 * seen, not to the 3,328 buckets of a full histogram.
 */
import {LatencyHistogram, MAX_INDEX, countAt, type SparseHistogram} from './histogram.ts';

/** A full-size histogram used only for its index <-> value math (our layout). */
const layout = new LatencyHistogram().hdr;

/** The value a percentile falling in bucket `index` reports, ms (the bucket's highest value, as HdrHistogram). */
function bucketMs(index: number): number {
	return layout.highestEquivalentValue(layout.valueFromIndex(index)) / 1000;
}

/** Scratch for merging: counts by index, always left all-zero between calls. */
const scratch = new Float64Array(MAX_INDEX + 1);

/** An empty sparse histogram. */
export const EMPTY_SPARSE: SparseHistogram = Object.freeze({indexes: new Uint16Array(0), counts: new Float64Array(0), total: 0});

/**
 * Merge sparse histograms into one (exact: counts add per bucket). Cost: the entries of the
 * parts plus one scan over the index range they touch (at most ~6,000), no sorting.
 * @returns A new sparse histogram, indexes ascending (or the only part itself).
 */
export function mergeSparse(parts: readonly SparseHistogram[]): SparseHistogram {
	if (parts.length === 1) return parts[0]!;
	let lo = scratch.length;
	let hi = -1;
	let total = 0;
	for (const part of parts) {
		const {indexes, counts} = part;
		const n = indexes.length;
		if (n === 0) continue;
		for (let i = 0; i < n; i++) scratch[indexes[i]!]! += counts[i]!;
		if (indexes[0]! < lo) lo = indexes[0]!;
		if (indexes[n - 1]! > hi) hi = indexes[n - 1]!;
		total += part.total;
	}
	if (hi < 0) return EMPTY_SPARSE;
	// Plain arrays, as decodeSparse makes (see SparseHistogram).
	const indexes: number[] = [];
	const counts: number[] = [];
	for (let i = lo; i <= hi; i++) {
		const c = scratch[i]!;
		if (c !== 0) {
			indexes.push(i);
			counts.push(c);
			scratch[i] = 0;
		}
	}
	return {indexes, counts, total};
}

/**
 * The same histogram in typed arrays, for one held beyond the moment: 6 bytes a bucket (2 for
 * the index, 4 for a count below 2^32; 10 when a count is larger) against 16 and the growth
 * slack of the plain arrays a merge or a decode makes, which suit what is soon garbage.
 */
export function compactSparse(sparse: SparseHistogram): SparseHistogram {
	if (sparse.indexes instanceof Uint16Array) return sparse;
	const {indexes, counts, total} = sparse;
	let small = true;
	for (let i = 0; i < counts.length; i++) if (counts[i]! > 0xffff_ffff) small = false;
	// The constructors copy an array straight; `.from` would walk it through its iterator.
	return {indexes: new Uint16Array(indexes), counts: small ? new Uint32Array(counts) : new Float64Array(counts), total};
}

/**
 * The percentile walk over ascending buckets, the `n` buckets given by `countOf(k)` and
 * `indexOf(k)` (sparse and range histograms keep them differently): ms per percentile, computed
 * exactly as `LatencyHistogram.percentilesMs` would on the same buckets; 0s when `total` is 0.
 * @param percentiles Ascending, 0 < p <= 100.
 */
export function walkPercentilesMs(total: number, percentiles: readonly number[], n: number, countOf: (k: number) => number, indexOf: (k: number) => number): number[] {
	const out = new Array<number>(percentiles.length).fill(0);
	if (total <= 0) return out;
	let p = 0;
	let cumulative = 0;
	let target = countAt(percentiles[0]!, total);
	for (let k = 0; k < n && p < percentiles.length; k++) {
		cumulative += countOf(k);
		while (p < percentiles.length && cumulative >= target) {
			out[p++] = bucketMs(indexOf(k));
			if (p < percentiles.length) target = countAt(percentiles[p]!, total);
		}
	}
	return out;
}

/**
 * Percentiles of a sparse histogram, ms (see {@link walkPercentilesMs}).
 * @param percentiles Ascending, 0 < p <= 100.
 */
export function sparsePercentilesMs(sparse: SparseHistogram, percentiles: readonly number[]): number[] {
	const {indexes, counts, total} = sparse;
	return walkPercentilesMs(total, percentiles, indexes.length, (k) => counts[k]!, (k) => indexes[k]!);
}
