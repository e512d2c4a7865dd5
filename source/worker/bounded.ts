/**
 * Bounded waits for a worker on its way out: a master that vanishes mid-goodbye (mqtt.js then
 * holds QoS 1 publishes for a reconnect that never comes) must not keep the worker alive.
 */

/** Waits for `promise`, but no longer than `ms` (milliseconds); never rejects on a timeout. */
export function bounded(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
	return Promise.race([promise.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
