/**
 * Errors that escape a plan's await chain: a promise nobody awaited that rejects, a throw in a
 * timer callback. Node would end the worker (and with it the run) on either; a plan's mistake
 * should instead be recorded like a task's throw while the users go on. A throw that comes
 * from no plan code is Drove's own fault and still ends the process, as before.
 */
import { firstPlanFrame } from '../plan/plan-frame.ts';

/** What the capture does with what it catches. */
export interface StrayErrorSinks {
	/** A plan's stray error: record it as an exception. */
	record(error: unknown): void;
	/** A throw from outside the plan: report it and end the process. */
	fatal(error: unknown): void;
}

/** True when the error's stack has a frame in the plan's own files. */
function fromPlan(error: unknown): boolean {
	return error instanceof Error && typeof error.stack === 'string' && firstPlanFrame(error.stack) !== undefined;
}

/**
 * Installs process-wide handlers (so only a worker process, never a library caller, opts in).
 * Every rejection nobody handled is recorded (its origin cannot always be told: a plan's
 * `Promise.reject(...)` has the plan's frame, a rejected request has none); an uncaught throw is
 * recorded when the plan is on its stack, else fatal. Returns the function that removes them.
 */
export function captureStrayErrors(sinks: StrayErrorSinks): () => void {
	const onRejection = (reason: unknown): void => sinks.record(reason);
	const onException = (error: unknown): void => (fromPlan(error) ? sinks.record(error) : sinks.fatal(error));
	process.on('unhandledRejection', onRejection);
	process.on('uncaughtException', onException);
	return () => {
		process.off('unhandledRejection', onRejection);
		process.off('uncaughtException', onException);
	};
}
