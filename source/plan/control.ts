/**
 * Control from inside a plan, as Locust's `StopUser` and `environment.runner.quit()`:
 *
 * - `stopUser()` in a task or `onStart`: this user stops (its `onStop` runs) and is not
 *   replaced: the worker counts it and the master deals the fleet one user fewer.
 * - `quit(reason?)` from any task or hook, on a worker or the master: the whole run ends in
 *   order (users stop, reports are written) with the reason in the summary.
 *
 * The runtime of this process binds the quit link; both live on `globalThis` so every copy of
 * this module (a plan bundle may carry its own) shares them, as hooks and messages do.
 */

const stopUserBrand = Symbol.for('drove.stop-user');

/** Thrown by `stopUser()`; the user's loop catches it. Not a failure: never recorded as an exception. */
export class StopUser extends Error {
	readonly [stopUserBrand] = true;

	constructor() {
		super('stopUser() called outside a running user');
		this.name = 'StopUser';
	}
}

/** True for an error thrown by any copy of `stopUser()`. */
export function isStopUser(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[stopUserBrand] === true;
}

/** Stop the calling user: it does not run another task, its `onStop` runs, and nobody replaces it. */
export function stopUser(): never {
	throw new StopUser();
}

interface QuitSlot {
	quit: ((reason: string | undefined) => void) | undefined;
}

const slot = Symbol.for('drove.quit');
const g = globalThis as unknown as Record<symbol, QuitSlot | undefined>;
const shared: QuitSlot = (g[slot] ??= { quit: undefined });

/**
 * End the whole run in order: users stop, the reports are written, `reason` is the summary's
 * stop detail. The exit code stays 0 unless failures or thresholds say otherwise.
 * Throws before the run's runtime is up (there is no run to end yet).
 */
export function quit(reason?: string): void {
	if (reason !== undefined && typeof reason !== 'string') throw new TypeError('quit(): the reason must be a string');
	if (shared.quit === undefined) throw new Error('quit(): no run is going yet; call it from a task or a run hook');
	shared.quit(reason);
}

/** The runtime's side: what `quit()` does in this process. Returns the unbind function. */
export function bindQuit(handler: (reason: string | undefined) => void): () => void {
	shared.quit = handler;
	return () => {
		if (shared.quit === handler) shared.quit = undefined;
	};
}
