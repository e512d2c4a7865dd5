/**
 * Wait times between tasks, in seconds, as Locust defines them. A wait time is a function of
 * how long the last task ran (seconds) that returns how long to wait (seconds), so pacing
 * needs no hidden state and plans can write their own: `waitTime: () => Math.random()`.
 */

/** Seconds to wait, given the seconds the last task ran. */
export type WaitTime = (taskSeconds: number) => number;

function check(name: string, value: number): void {
	if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name}(): expected seconds >= 0, got ${String(value)}`);
}

/** A uniformly random wait between `min` and `max` seconds. */
export function between(min: number, max: number): WaitTime {
	check('between', min);
	check('between', max);
	if (max < min) throw new TypeError(`between(): max (${max}) is below min (${min})`);
	const span = max - min;
	return () => min + Math.random() * span;
}

/** Always wait `seconds`. */
export function constant(seconds: number): WaitTime {
	check('constant', seconds);
	return () => seconds;
}

/**
 * Start a task every `seconds` at most: waits `seconds` minus how long the task ran (never
 * below zero), so a user runs one task per `seconds` whatever the response times.
 */
export function constantPacing(seconds: number): WaitTime {
	check('constantPacing', seconds);
	return (taskSeconds) => Math.max(0, seconds - taskSeconds);
}

/** At most `perSecond` tasks a second per user: `constantPacing(1 / perSecond)`. */
export function constantThroughput(perSecond: number): WaitTime {
	if (!Number.isFinite(perSecond) || perSecond <= 0) throw new TypeError(`constantThroughput(): expected tasks per second > 0, got ${String(perSecond)}`);
	return constantPacing(1 / perSecond);
}
