/**
 * Thresholds judged against a stats snapshot (pure). Percentiles come only from the rows the
 * aggregator built from merged histograms; a name that two methods share is not merged here
 * (that would mean averaging percentiles): the threshold fails and says to give the method.
 * A target that never got a request fails: a gate must not pass on no evidence.
 */
import type { EndpointStats, StatsSnapshot } from '../stats/snapshot.ts';
import { formatMs, formatPercent, formatRate } from '../format.ts';
import { MS_METRICS, targetLabel, type Threshold, type ThresholdMetric } from './parse-threshold.ts';

/** One threshold's verdict. */
export interface ThresholdResult {
	expression: string;
	/** `Aggregated`, `GET /checkout`, `/checkout`. */
	target: string;
	metric: ThresholdMetric;
	op: Threshold['op'];
	limit: number;
	/** The measured value; null when there is nothing to measure. */
	value: number | null;
	ok: boolean;
	/** Why there is no value: `no requests for GET /checkout`. */
	problem?: string;
}

/** The row a threshold reads, or why there is none. */
function rowFor(threshold: Threshold, snapshot: Pick<StatsSnapshot, 'aggregated' | 'endpoints'>): EndpointStats | string {
	const { target } = threshold;
	if (target.kind === 'aggregated') return snapshot.aggregated;
	const rows = snapshot.endpoints.filter((row) => row.name === target.name && (target.method === undefined || row.method === target.method));
	if (rows.length === 0) return `no requests for ${targetLabel(target)}`;
	if (rows.length > 1) return `${target.name} has ${rows.map((row) => row.method).join(' and ')} requests; name the method, like "${rows[0]!.method} ${target.name}: ..."`;
	return rows[0]!;
}

/** A metric's value on a row. */
export function metricValue(row: EndpointStats, metric: ThresholdMetric): number {
	switch (metric) {
		case 'avg': return row.avgMs;
		case 'min': return row.minMs;
		case 'max': return row.maxMs;
		case 'rps': return row.rps;
		case 'failRatio': return row.failRatio;
		case 'failures': return row.failures;
		case 'requests': return row.requests;
		default: return row.percentiles[metric.slice(1) as keyof EndpointStats['percentiles']];
	}
}

function holds(value: number, op: Threshold['op'], limit: number): boolean {
	switch (op) {
		case '<': return value < limit;
		case '<=': return value <= limit;
		case '>': return value > limit;
		case '>=': return value >= limit;
	}
}

/** Judges every threshold on `snapshot`, in the order given. */
export function evaluateThresholds(thresholds: readonly Threshold[], snapshot: Pick<StatsSnapshot, 'aggregated' | 'endpoints'>): ThresholdResult[] {
	return thresholds.map((threshold) => {
		const base = { expression: threshold.expression, target: targetLabel(threshold.target), metric: threshold.metric, op: threshold.op, limit: threshold.limit };
		const row = rowFor(threshold, snapshot);
		if (typeof row === 'string') return { ...base, value: null, ok: false, problem: row };
		if (row.requests === 0) return { ...base, value: null, ok: false, problem: `no requests for ${base.target}` };
		const value = metricValue(row, threshold.metric);
		return { ...base, value, ok: holds(value, threshold.op, threshold.limit) };
	});
}

/** A value as the reports show it: `312ms`, `0.4%`, `51.20/s`, `12`. */
export function formatThresholdValue(metric: ThresholdMetric, value: number | null): string {
	if (value === null) return '-';
	if (MS_METRICS.has(metric)) return `${formatMs(value)}ms`;
	if (metric === 'failRatio') return formatPercent(value);
	if (metric === 'rps') return `${formatRate(value)}/s`;
	return String(value);
}

/** `thresholds 4/4 ok`, or `thresholds 3/4 FAIL p95 < 500 (612ms)`, for a status line; empty without thresholds. */
export function thresholdTally(results: readonly ThresholdResult[]): string {
	if (results.length === 0) return '';
	const failing = results.filter((r) => !r.ok);
	const tally = `thresholds ${results.length - failing.length}/${results.length}`;
	const first = failing[0];
	// "1/2 ok" alone reads as a pass: a failing tally says FAIL and names the first, as the dashboard does.
	if (first === undefined) return `${tally} ok`;
	return `${tally} FAIL ${first.expression} (${first.problem ?? formatThresholdValue(first.metric, first.value)})${failing.length > 1 ? ` +${failing.length - 1} more` : ''}`;
}

/** True when every threshold held (vacuously true for none). */
export function allPassed(results: readonly ThresholdResult[]): boolean {
	return results.every((r) => r.ok);
}
