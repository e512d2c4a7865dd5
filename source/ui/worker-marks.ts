/**
 * Which workers deserve a second look: missing ones, CPU-bound ones, and outliers against
 * their peers. Pure; the selector calls it, the Workers view only shows the result.
 *
 * Outlier rule (also in the `?` help): the modified z-score of Iglewicz and Hoaglin,
 *   M = 0.6745 × (x − median) / MAD,  MAD = median(|x − median|),
 * flags a worker when |M| > 3.5 in the bad direction (req/s per user low, p95 high) AND it is at
 * least 25 % away from the median. The median and MAD are robust: one slow worker cannot drag
 * the yardstick towards itself, as it would a mean and standard deviation. When MAD is 0 (half
 * the peers or more are identical) the spread is taken as nil, so the 25 % floor alone decides.
 * The floor keeps a tight fleet's trivial differences from being flagged. It needs at least 3
 * peers: with 2, neither is "the odd one out".
 */
import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { WorkerMark } from './dashboard-model.ts';

/** What the marks are computed from, for one worker. */
export interface MarkInput {
	missing: boolean;
	users: number;
	/** Requests per second, recent window. */
	rps: number;
	/** ms; 0 when it has no requests yet. */
	p95Ms: number;
	/** Percent of one core. */
	cpuPercent: number;
}

/** CPU above this (percent of one core) means the worker, not the target, is the bottleneck. */
export const cpuLimitPercent = 90;
/** Modified z-score beyond which a worker is an outlier (Iglewicz & Hoaglin's 3.5). */
export const outlierZ = 3.5;
/** And it must be this far from the median, as a fraction of the median. */
export const outlierMinDeviation = 0.25;
/** Fewest peers for the outlier test to mean anything. */
export const outlierMinPeers = 3;

/**
 * Modified z-scores of `values`. With MAD = 0 a value off the median scores ±Infinity (the
 * majority has no spread at all) and a value on it 0.
 */
export function modifiedZScores(values: readonly number[]): number[] {
	if (values.length === 0) return [];
	const data = [...values];
	const mid = median(data);
	const mad = medianAbsoluteDeviation(data);
	if (mad > 0) return values.map((x) => (0.6745 * (x - mid)) / mad);
	return values.map((x) => (x === mid ? 0 : x > mid ? Infinity : -Infinity));
}

/** Indexes (into `values`) of the outliers above (`high`) or below (`low`) the median. */
function outliers(values: readonly number[], side: 'high' | 'low'): Set<number> {
	const found = new Set<number>();
	if (values.length < outlierMinPeers) return found;
	const mid = median([...values]);
	const scores = modifiedZScores(values);
	scores.forEach((score, index) => {
		const value = values[index] ?? mid;
		const far = mid === 0 ? value !== 0 : Math.abs(value - mid) / Math.abs(mid) >= outlierMinDeviation;
		if (!far) return;
		if (side === 'high' ? score > outlierZ : score < -outlierZ) found.add(index);
	});
	return found;
}

/** The marks of each worker, in the order given. */
export function markWorkers(workers: readonly MarkInput[]): WorkerMark[][] {
	const marks: WorkerMark[][] = workers.map((worker) => {
		const own: WorkerMark[] = [];
		if (worker.missing) own.push('missing');
		if (!worker.missing && worker.cpuPercent > cpuLimitPercent) own.push('cpu');
		return own;
	});

	// Peers: live workers that run users and have sent requests.
	const peers = workers.flatMap((worker, index) =>
		!worker.missing && worker.users > 0 && worker.rps > 0 ? [{ worker, index }] : [],
	);
	const lowRps = outliers(peers.map(({ worker }) => worker.rps / worker.users), 'low');
	for (const at of lowRps) marks[peers[at]!.index]!.push('low-rps');

	const timed = peers.filter(({ worker }) => worker.p95Ms > 0);
	const highP95 = outliers(timed.map(({ worker }) => worker.p95Ms), 'high');
	for (const at of highP95) marks[timed[at]!.index]!.push('high-p95');
	return marks;
}

/** The word each mark reads as, without colour. */
export const markWords: Record<WorkerMark, string> = {
	missing: 'MISSING',
	cpu: 'CPU>90%',
	'low-rps': 'SLOW-RPS',
	'high-p95': 'HIGH-P95',
};

/** The rule, as short lines (each under 78 characters) for the `?` help view. */
export const markRuleHelp: readonly string[] = [
	'Marks: MISSING = lost (Last Will or missed heartbeats); CPU>90% = worker-bound;',
	'SLOW-RPS / HIGH-P95 = req/s per user low / p95 high against its peers:',
	`modified z-score |0.6745 (x - median) / MAD| > ${outlierZ}, at least ${outlierMinDeviation * 100}% off the`,
	`median, with ${outlierMinPeers} or more live workers running users.`,
];
