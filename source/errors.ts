/**
 * Errors a user can cause (a bad flag, a broken plan, a master that never shows up) and the
 * exit codes they map to. The CLI prints `error.message` as one line, never a stack trace.
 */

/** Exit codes, as documented in the README. */
export const ExitCode = {
	ok: 0,
	/** Requests failed or tasks threw (overridable with --exit-code-on-error). */
	failures: 1,
	/** Bad flag, config or plan: the user's input. */
	usage: 2,
	/** The fleet did not come together or fell apart: expected workers missing, all workers lost. */
	fleet: 3,
	/** A threshold failed (`--threshold`, the plan's `thresholds`); a fleet or usage code still wins. */
	threshold: 4,
	/** Drove itself broke: a bug. */
	internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error with a stable code and the exit code it ends the process with. */
export class DroveError extends Error {
	readonly code: string;
	readonly exitCode: number;

	constructor(code: string, message: string, exitCode: number = ExitCode.usage, options?: ErrorOptions) {
		super(message, options);
		this.name = 'DroveError';
		this.code = code;
		this.exitCode = exitCode;
	}
}
