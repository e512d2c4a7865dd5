/**
 * The percentiles Drove reports, the same as Locust's (its CSV column names are the keys).
 */

/** Percentile keys, ascending; each is the value in percent as Locust writes it (`99.9` = 99.9 %). */
export const PERCENTILE_KEYS = ['50', '66', '75', '80', '90', '95', '98', '99', '99.9', '99.99', '100'] as const;

/** One of {@link PERCENTILE_KEYS}. */
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];

/** Response time in ms at each reported percentile. */
export type Percentiles = Readonly<Record<PercentileKey, number>>;

/** The keys as numbers (percent), ascending: the argument to `LatencyHistogram.percentilesMs`. */
export const PERCENTILE_VALUES: readonly number[] = PERCENTILE_KEYS.map(Number);

/**
 * Build a Percentiles record from values in {@link PERCENTILE_KEYS} order, clamped into the
 * exact [min, max] the counters saw: a bucket's upper edge may lie up to 1 % above the true
 * maximum, and a table where p99 > max would look broken. 100 % is the exact max.
 * @param values ms, one per key.
 * @param minMs exact minimum, ms (ignored when there were no requests).
 * @param maxMs exact maximum, ms.
 */
export function toPercentiles(values: readonly number[], minMs: number, maxMs: number, exactMax = true): Percentiles {
	const out = {} as Record<PercentileKey, number>;
	PERCENTILE_KEYS.forEach((key, i) => {
		let v = values[i] ?? 0;
		if (v > maxMs) v = maxMs;
		if (v !== 0 && v < minMs) v = minMs;
		out[key] = v;
	});
	if (exactMax) out['100'] = maxMs;
	return out;
}

/** All percentiles 0: for a row with no requests. */
export const ZERO_PERCENTILES: Percentiles = toPercentiles([], 0, 0);
