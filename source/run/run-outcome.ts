/**
 * How a run ended and the exit code that follows, as README's exit-code table documents:
 * 0 clean; --exit-code-on-error (default 1) when any request failed or a task threw;
 * 2 for the user's input; 3 when the fleet did not come together or fell apart. Pure, and the
 * one place the exit code of a run is decided: a check plugged into the RunSession (a
 * threshold) contributes a verdict, and the worst code wins.
 */
import { ExitCode } from '../errors.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';

/** Why a run ended, as the JSON summary's `stopReason` says it. */
export type StopReason = 'run-time' | 'interrupted' | 'quit' | 'all-workers-lost' | 'workers-exited';

/** Stop reasons that are the fleet's failure, not the target's. */
const FLEET_FAILURES: ReadonlySet<StopReason> = new Set(['all-workers-lost', 'workers-exited']);

/** What decides the exit code. */
export interface OutcomeInput {
	snapshot: StatsSnapshot;
	reason: StopReason;
	/** --exit-code-on-error. */
	exitCodeOnError: number;
	/** Exit codes contributed by checks plugged into the session (0: passed). */
	verdicts?: readonly number[];
}

/** The exit code of a run: the worst of the fleet's, the stats' and every verdict. */
export function runExitCode(input: OutcomeInput): number {
	const own = FLEET_FAILURES.has(input.reason)
		? ExitCode.fleet
		: input.snapshot.aggregated.failures > 0 || input.snapshot.exceptions.length > 0 ? input.exitCodeOnError : ExitCode.ok;
	return Math.max(own, ...(input.verdicts ?? []));
}
