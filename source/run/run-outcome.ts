/**
 * How a run ended and the exit code that follows, as README's exit-code table documents:
 * 0 clean; --exit-code-on-error (default 1) when any request failed or a task threw;
 * 2 for the user's input; 3 when the fleet did not come together or fell apart. Pure.
 */
import { ExitCode } from '../errors.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';

/** Why a run ended, as the JSON summary's `stopReason` says it. */
export type StopReason = 'run-time' | 'interrupted' | 'quit' | 'all-workers-lost' | 'expect-workers-timeout' | 'workers-exited';

/** Stop reasons that are the fleet's failure, not the target's. */
const FLEET_FAILURES: ReadonlySet<StopReason> = new Set(['all-workers-lost', 'expect-workers-timeout', 'workers-exited']);

/** The exit code of a run that ended for `reason` with these stats. */
export function runExitCode(snapshot: StatsSnapshot, reason: StopReason, exitCodeOnError: number): number {
	if (FLEET_FAILURES.has(reason)) return ExitCode.fleet;
	const failed = snapshot.aggregated.failures > 0 || snapshot.exceptions.length > 0;
	return failed ? exitCodeOnError : ExitCode.ok;
}
