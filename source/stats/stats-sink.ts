/**
 * Where the engine reports what happened. The engine calls these on the hot path (once per
 * request), so they take positional arguments and allocate nothing of their own.
 */
export interface StatsSink {
	/**
	 * One finished request (or a custom timing from `record()`).
	 * @param method HTTP method, upper case, or a custom type such as `custom`.
	 * @param name Endpoint name: the `name` option, or the path without its query.
	 * @param responseTimeMs Time to the end of the body, in milliseconds with microsecond resolution.
	 * @param contentLength Body bytes received.
	 * @param error Why it failed; undefined for a success.
	 */
	request(method: string, name: string, responseTimeMs: number, contentLength: number, error?: string): void;
	/**
	 * A task threw.
	 * @param message The error's message, grouped on this.
	 * @param traceback Where it was thrown (the stack), kept from the first occurrence.
	 */
	exception(message: string, traceback: string): void;
}
