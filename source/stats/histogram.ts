/**
 * Response-time histogram: a thin wrapper over hdr-histogram-js (the JS implementation; the
 * wasm one needs explicit init and destroy, and gains nothing at one record per request).
 *
 * Values are integer microseconds, 2 significant digits (<= 1 % relative error), 1 µs up to
 * 1 hour, auto-resizing beyond. Histograms travel as HdrHistogram's standard compressed base64
 * (V2) and merge by adding bucket counts, so a merge is exact: N workers' histograms added
 * together are bucket-for-bucket the histogram one worker would have recorded for the union.
 */
// The library's modules, not its index: the index also loads its log writer, which builds an
// Intl.NumberFormat when it loads, and that pages about 5 MB of ICU's locale data into every
// Drove process (a worker's RSS, bench/README.md session 4) for a formatter nothing here uses.
import { build } from 'hdr-histogram-js/dist/HistogramBuilder.js';
import { encodeIntoCompressedBase64 } from 'hdr-histogram-js/dist/encoding.js';
import type { JsHistogram } from 'hdr-histogram-js';
import { inflateSync } from 'node:zlib';

/** Significant decimal digits kept: 2 gives at most 1 % relative error. */
export const SIGNIFICANT_DIGITS = 2;
/** 1 hour in µs: the range allocated up front (13 KB of counts); larger values resize. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

/**
 * The non-zero buckets of an encoded histogram: what a delta carries, ready to be added to
 * several histograms without decoding into a full counts array each time.
 */
export interface SparseHistogram {
	/**
	 * Counts-array indexes (our layout: 1 µs unit, 2 digits), ascending. Every index fits 16 bits.
	 * Plain arrays where the master makes thousands a second (decode, merge): a small JS array is
	 * a bump allocation in V8's young heap, where a typed array costs a backing store of its own
	 * outside it, which is slower to make and to collect and, held by the thousand, kept the
	 * master's RSS high.
	 */
	readonly indexes: ArrayLike<number>;
	/** Count at each index, > 0 (counts are integers up to 2^53). */
	readonly counts: ArrayLike<number>;
	/** Sum of counts. */
	readonly total: number;
}

/** Thrown when an encoded histogram is not one of ours (bad base64, zlib, cookie or layout). */
export class HistogramDecodeError extends Error {
	override readonly name = 'HistogramDecodeError';
}

function newHdr(): JsHistogram {
	return build({
		bitBucketSize: 32,
		autoResize: true,
		lowestDiscernibleValue: 1,
		highestTrackableValue: HIGHEST_TRACKABLE_US,
		numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
		useWebAssembly: false,
	}) as JsHistogram;
}

/** The largest counts index any value up to 2^53 µs can have (about 6,000): anything above is garbage. */
export const MAX_INDEX = newHdr().determineArrayLengthNeeded(Number.MAX_SAFE_INTEGER) - 1;


/** HdrHistogram's ulp, used to round a percentile's count exactly as the library does. */
function ulp(x: number): number {
	return Math.pow(2, Math.floor(Math.log2(x)) - 52);
}

/** A latency histogram in microseconds; queries answer in milliseconds. */
export class LatencyHistogram {
	/** The underlying HdrHistogram. Exposed for tests and tools; prefer the methods. */
	readonly hdr: JsHistogram = newHdr();

	/** Number of recorded values. */
	get count(): number {
		return this.hdr.totalCount;
	}

	/**
	 * Record one response time. Hot path: O(1), no allocation (unless a value beyond the
	 * current range makes the histogram resize, which happens once per new power of two).
	 * @param ms Milliseconds, any precision; rounded to the microsecond. Negative or NaN count as 0.
	 */
	recordMs(ms: number): void {
		this.recordMicros(ms * 1000);
	}

	/** Record one value given in microseconds (rounded to an integer). */
	recordMicros(us: number): void {
		const v = us > 0 ? Math.round(us) : 0;
		const hdr = this.hdr;
		if (v < 0x40000000) {
			// The library's index math (Math.log2, Math.pow) costs ~100 ns; below 2^30 µs (18 min)
			// the same index comes from clz32 and a shift. With a 1 µs unit and 2 digits the layout
			// is 128 sub-buckets a half: bucket = max(floor(log2 v) - 7, 0), index = bucket * 128 + (v >> bucket).
			const bucket = v < 256 ? 0 : 24 - Math.clz32(v);
			const index = (bucket << 7) + (v >>> bucket);
			if (index < hdr.countsArrayLength) {
				hdr.incrementCountAtIndex(index);
				hdr.incrementTotalCount();
				hdr.updateMinAndMax(v);
				return;
			}
		}
		hdr.recordValue(v);
	}

	/** Forget every value, keeping the counts array (no allocation). */
	reset(): void {
		this.hdr.reset();
	}

	/** Add another histogram's values to this one (exact). */
	add(other: LatencyHistogram): void {
		this.hdr.add(other.hdr);
	}

	/** Add the buckets of a decoded delta histogram (exact). */
	addSparse(sparse: SparseHistogram): void {
		this.addCounts(sparse, 1);
	}

	/**
	 * Remove buckets previously added with {@link addSparse}: how a sliding window drops its
	 * oldest second. Min and max of the underlying HDR are not maintained by this; nothing here
	 * reads them (percentiles walk the counts).
	 */
	subtractSparse(sparse: SparseHistogram): void {
		this.addCounts(sparse, -1);
	}

	private addCounts(sparse: SparseHistogram, sign: 1 | -1): void {
		const {indexes, counts} = sparse;
		if (indexes.length === 0) return;
		const hdr = this.hdr;
		const last = indexes[indexes.length - 1]!;
		if (last >= hdr.countsArrayLength) hdr.resize(hdr.highestEquivalentValue(hdr.valueFromIndex(last)));
		for (let i = 0; i < indexes.length; i++) hdr.addToCountAtIndex(indexes[i]!, sign * counts[i]!);
		hdr.addToTotalCount(sign * sparse.total);
		if (sign > 0) {
			hdr.updateMinAndMax(hdr.valueFromIndex(indexes[0]!));
			hdr.updateMinAndMax(hdr.highestEquivalentValue(hdr.valueFromIndex(last)));
		}
	}

	/** The non-zero buckets, ascending. */
	toSparse(): SparseHistogram {
		const hdr = this.hdr;
		const indexes: number[] = [];
		const counts: number[] = [];
		let total = 0;
		for (let i = 0; i < hdr.countsArrayLength; i++) {
			const c = hdr.getCountAtIndex(i);
			if (c > 0) {
				indexes.push(i);
				counts.push(c);
				total += c;
			}
		}
		return {indexes, counts, total};
	}

	/** HdrHistogram V2 compressed base64 (the wire form in a StatsDelta). */
	encode(): string {
		return encodeIntoCompressedBase64(this.hdr);
	}

	/** Decode a histogram made by {@link encode}. Throws {@link HistogramDecodeError}. */
	static decode(base64: string): LatencyHistogram {
		const histogram = new LatencyHistogram();
		histogram.addSparse(decodeSparse(base64));
		return histogram;
	}

	/**
	 * Value at a percentile, ms: the highest value of the bucket holding it, as HdrHistogram
	 * reports it (so at most 1 % above the true value). 0 when empty.
	 * @param percentile 0 < p <= 100
	 */
	percentileMs(percentile: number): number {
		const out = [0];
		this.percentilesMs([percentile], out);
		return out[0]!;
	}

	/**
	 * Several percentiles in one pass over the counts.
	 * @param percentiles Ascending, each 0 < p <= 100.
	 * @param out Where to write (reused to avoid allocation); defaults to a new array.
	 * @returns ms per percentile, in the same order; 0s when empty.
	 */
	percentilesMs(percentiles: readonly number[], out: number[] = new Array<number>(percentiles.length)): number[] {
		const hdr = this.hdr;
		const total = hdr.totalCount;
		let p = 0;
		if (total > 0) {
			let cumulative = 0;
			let target = countAt(percentiles[0]!, total);
			for (let i = 0; i < hdr.countsArrayLength && p < percentiles.length; i++) {
				cumulative += hdr.getCountAtIndex(i);
				while (p < percentiles.length && cumulative >= target) {
					out[p++] = hdr.highestEquivalentValue(hdr.valueFromIndex(i)) / 1000;
					if (p < percentiles.length) target = countAt(percentiles[p]!, total);
				}
			}
		}
		for (; p < percentiles.length; p++) out[p] = 0;
		return out;
	}
}

/**
 * The rank (1-based count) a percentile falls on, rounded exactly as HdrHistogram does.
 * @param percentile 0 < p <= 100
 * @param total values recorded, > 0
 */
export function countAt(percentile: number, total: number): number {
	const fp = (Math.min(percentile, 100) / 100) * total;
	return Math.max(Math.ceil(fp - ulp(fp)), 1);
}

const V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
const V2_COOKIE_BASE = 0x1c849303;

/**
 * Decode an encoded histogram straight into its non-zero buckets, without building a full
 * counts array: the master decodes thousands of these a second. Validates everything, since
 * the input comes off the network.
 * @throws HistogramDecodeError
 */
export function decodeSparse(base64: string): SparseHistogram {
	if (typeof base64 !== 'string' || base64.length === 0) throw new HistogramDecodeError('histogram is empty');
	const raw = Buffer.from(base64, 'base64');
	if (raw.length < 8) throw new HistogramDecodeError('histogram is too short');
	if ((raw.readInt32BE(0) & ~0xf0) !== V2_COMPRESSED_COOKIE_BASE) throw new HistogramDecodeError('histogram has no V2 compressed cookie');
	const compressedLength = raw.readInt32BE(4);
	if (compressedLength < 0 || 8 + compressedLength > raw.length) throw new HistogramDecodeError('histogram length is wrong');
	let data: Buffer;
	try {
		// A 1 MB cap: a real delta is a few hundred bytes; a zip bomb is not. 1 KB output chunks,
		// not zlib's 16 KB: a master inflates ten of these per delta, a thousand deltas a second,
		// and the 16 KB buffers (garbage at once) took half of a delta's CPU with the GC they caused.
		data = inflateSync(raw.subarray(8, 8 + compressedLength), {maxOutputLength: 1 << 20, chunkSize: 1024});
	} catch {
		throw new HistogramDecodeError('histogram does not inflate');
	}
	if (data.length < 40) throw new HistogramDecodeError('histogram header is too short');
	if ((data.readInt32BE(0) & ~0xf0) !== V2_COOKIE_BASE) throw new HistogramDecodeError('histogram has no V2 cookie');
	const payloadLength = data.readInt32BE(4);
	const digits = data.readInt32BE(12);
	const lowest = Number(data.readBigInt64BE(16));
	if (digits !== SIGNIFICANT_DIGITS || lowest !== 1) {
		throw new HistogramDecodeError(`histogram layout ${lowest}/${digits} is not ours (1 µs, ${SIGNIFICANT_DIGITS} digits)`);
	}
	const end = 40 + payloadLength;
	if (payloadLength < 0 || end > data.length) throw new HistogramDecodeError('histogram payload length is wrong');
	const indexes: number[] = [];
	const counts: number[] = [];
	let total = 0;
	let index = 0;
	let pos = 40;
	while (pos < end) {
		// ZigZag over LEB128-64b9B: 7 bits a byte for 8 bytes, then a full 9th byte.
		let value = 0;
		let scale = 1;
		let byte = 0x80;
		for (let n = 0; n < 9 && byte & 0x80; n++) {
			if (pos >= end) throw new HistogramDecodeError('histogram payload is truncated');
			byte = data[pos++]!;
			value += (n < 8 ? byte & 0x7f : byte) * scale;
			scale *= 128;
		}
		const decoded = value % 2 === 0 ? value / 2 : -(value + 1) / 2;
		if (decoded < 0) {
			index += -decoded;
		} else {
			if (index > MAX_INDEX) throw new HistogramDecodeError('histogram value is out of range');
			if (decoded > 0) {
				indexes.push(index);
				counts.push(decoded);
				total += decoded;
			}
			index++;
		}
	}
	if (!Number.isSafeInteger(total)) throw new HistogramDecodeError('histogram count is out of range');
	return {indexes, counts, total};
}
