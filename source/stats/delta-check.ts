/**
 * Checking a worker's StatsDelta before the aggregator merges any of it: numbers sane,
 * histograms decodable and agreeing with the request counts. Kept apart so the aggregator's
 * merge stays all-or-nothing by construction: everything that can refuse a delta runs here,
 * before anything is applied.
 */
import {decodeSparse, HistogramDecodeError, type SparseHistogram} from './histogram.ts';
import type {StatsDelta} from './stats-delta.ts';

/** A delta the aggregator refuses (its histograms do not decode or disagree with its counts). Nothing of it was applied. */
export class StatsDeltaError extends Error {
	override readonly name = 'StatsDeltaError';
	readonly code = 'STATS_BAD_DELTA';
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isAmount = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** Decode every endpoint's histogram and check the numbers, before anything is applied. @throws {StatsDeltaError} */
export function decodeAll(delta: StatsDelta): SparseHistogram[] {
	if (!Number.isFinite(delta.startedAt) || !Number.isFinite(delta.endedAt)) throw new StatsDeltaError('delta times are not numbers');
	for (const e of delta.errors) if (!isCount(e.occurrences)) throw new StatsDeltaError(`${e.method} ${e.name}: bad error occurrences`);
	for (const x of delta.exceptions) if (!isCount(x.count)) throw new StatsDeltaError(`exception "${x.message}": bad count`);
	return delta.endpoints.map((e) => {
		const where = `${e.method} ${e.name}`;
		if (!isCount(e.requests) || !isCount(e.failures) || e.failures > e.requests) throw new StatsDeltaError(`${where}: bad request/failure counts`);
		if (!isAmount(e.totalMs) || !isAmount(e.maxMs) || !isAmount(e.contentBytes) || (e.requests > 0 && !isAmount(e.minMs))) {
			throw new StatsDeltaError(`${where}: bad times or sizes`);
		}
		let sparse: SparseHistogram;
		try {
			sparse = decodeSparse(e.histogram);
		} catch (error) {
			if (error instanceof HistogramDecodeError) throw new StatsDeltaError(`${where}: ${error.message}`);
			throw error;
		}
		// The recorder records one value a request: anything else is not a delta of ours.
		if (sparse.total !== e.requests) throw new StatsDeltaError(`${where}: histogram holds ${sparse.total} values for ${e.requests} requests`);
		return sparse;
	});
}
