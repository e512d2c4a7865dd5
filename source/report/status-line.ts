/**
 * The one-line status a headless run prints to stderr every 2 s:
 *
 *     12s  users 50/50  1,234.50 req/s  0.4% fail  p50 2.10ms  p95 9.80ms  workers 2
 *
 * Pure. Rates, failure share and percentiles are the current window's (last 10 s); in the
 * first 3 s, before the window has anything, the whole run's stand in.
 */
import type {EndpointStats} from '../stats/snapshot.ts';
import {formatCount, formatElapsed, formatMs, formatPercent, formatRate} from '../format.ts';

/** How long the current window takes to fill its first second, ms (lag 2 s + 1 s). */
const WARM_UP_MS = 3000;

/** What the status line needs to know about the run besides stats. */
export interface StatusRunInfo {
	/** Since the run started, ms. */
	elapsedMs: number;
	/** Running users now. */
	users: number;
	/** Users asked for (-u). */
	targetUsers: number;
	/** Workers connected and ready or running. */
	workers: number;
	/** The load shape's progress, e.g. `stage 2/3 → 8 users, 21s left · next 0 users · 31s of 1m20s left`; left out when empty. */
	shape?: string;
	/** The live threshold tally, e.g. `thresholds 4/4 ok` or `thresholds 3/4 FAIL p95 < 500 (612ms)`; left out when empty. */
	thresholds?: string;
}

/**
 * One line, no newline.
 * @param aggregated the snapshot's Aggregated row.
 */
export function formatStatusLine(aggregated: EndpointStats, run: StatusRunInfo): string {
	// The window needs its lag (2 s) plus a second before it holds anything; until then the
	// whole run stands in. Later an empty window is news (a stalled target) and shows as 0.
	const windowEmpty = run.elapsedMs < WARM_UP_MS && aggregated.currentRps === 0;
	const rps = windowEmpty ? aggregated.rps : aggregated.currentRps;
	const failRatio = windowEmpty ? aggregated.failRatio : aggregated.currentRps > 0 ? aggregated.currentFps / aggregated.currentRps : 0;
	const p = windowEmpty ? aggregated.percentiles : aggregated.currentPercentiles;
	return [
		formatElapsed(run.elapsedMs),
		`users ${formatCount(run.users)}/${formatCount(run.targetUsers)}`,
		`${rps >= 1000 ? formatCount(rps) : formatRate(rps)} req/s`,
		`${formatPercent(failRatio)} fail`,
		`p50 ${formatMs(p['50'])}ms`,
		`p95 ${formatMs(p['95'])}ms`,
		`workers ${formatCount(run.workers)}`,
		...(run.shape ? [run.shape] : []),
		...(run.thresholds ? [run.thresholds] : []),
	].join('  ');
}
