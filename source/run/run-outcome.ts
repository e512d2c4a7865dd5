/**
 * How a run ended and the exit code that follows, as README's exit-code table documents:
 * 0 clean; --exit-code-on-error (default 1) when any request failed or a task threw; 4 when a
 * threshold failed (it wins over 1: a gate the run was told to hold); 2 for the user's input;
 * 3 when the fleet did not come together or fell apart (both win over 4). Pure.
 */
import { ExitCode } from '../errors.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';

/**
 * Why a run ended, as the JSON summary's `stopReason` says it: `shape-end` the load shape
 * finished, `threshold` --abort-on-threshold, `plan-quit` the plan called quit().
 */
export type StopReason = 'run-time' | 'interrupted' | 'quit' | 'all-workers-lost' | 'expect-workers-timeout' | 'workers-exited' | 'shape-end' | 'threshold' | 'plan-quit';

/** Stop reasons that are the fleet's failure, not the target's. */
const FLEET_FAILURES: ReadonlySet<StopReason> = new Set(['all-workers-lost', 'expect-workers-timeout', 'workers-exited']);

/**
 * The exit code of a run that ended for `reason` with these stats.
 * @param thresholdsPassed false when any threshold failed at the end (or aborted the run).
 */
export function runExitCode(snapshot: StatsSnapshot, reason: StopReason, exitCodeOnError: number, thresholdsPassed = true): number {
	if (FLEET_FAILURES.has(reason)) return ExitCode.fleet;
	if (!thresholdsPassed || reason === 'threshold') return ExitCode.threshold;
	const failed = snapshot.aggregated.failures > 0 || snapshot.exceptions.length > 0;
	return failed ? exitCodeOnError : ExitCode.ok;
}
