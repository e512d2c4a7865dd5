/**
 * How a run ended and the exit code that follows, as README's exit-code table documents:
 * 0 clean; --exit-code-on-error (default 1) when any request failed or a task threw; 4 when a
 * threshold failed (it wins over failed requests: the run was told to hold that gate); 2 for
 * the user's input; 3 when the fleet did not come together or fell apart (it wins over 4). Pure,
 * and the one place the exit code of a run is decided: a check plugged into the RunSession (a
 * threshold) contributes a verdict, and the worst verdict wins over the stats' code.
 */
import { ExitCode } from '../errors.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';

/**
 * Why a run ended, as the JSON summary's `stopReason` says it: `shape-end` the load shape
 * finished, `threshold` --abort-on-threshold, `plan-quit` the plan called quit().
 */
export type StopReason = 'run-time' | 'interrupted' | 'quit' | 'all-workers-lost' | 'workers-exited' | 'shape-end' | 'threshold' | 'plan-quit';

/** Stop reasons that are the fleet's failure, not the target's. */
const FLEET_FAILURES: ReadonlySet<StopReason> = new Set(['all-workers-lost', 'workers-exited']);

/** What decides the exit code. */
export interface OutcomeInput {
	snapshot: StatsSnapshot;
	reason: StopReason;
	/** --exit-code-on-error. */
	exitCodeOnError: number;
	/** Exit codes contributed by checks plugged into the session (0: passed), e.g. 4 for a failed threshold. */
	verdicts?: readonly number[];
}

/** The exit code of a run: the fleet's, else the worst verdict, else the stats'. */
export function runExitCode(input: OutcomeInput): number {
	if (FLEET_FAILURES.has(input.reason)) return ExitCode.fleet;
	const verdict = Math.max(0, ...(input.verdicts ?? []));
	if (verdict !== 0) return verdict;
	const failed = input.snapshot.aggregated.failures > 0 || input.snapshot.exceptions.length > 0;
	return failed ? input.exitCodeOnError : ExitCode.ok;
}
