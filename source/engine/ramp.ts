/**
 * How the engine ramps (pure): which change comes next, and when. One change is one user
 * started or stopped. Surplus users go first, newest first; then the class furthest behind its
 * target (by the share of its target still missing) gets the next user, so classes grow in
 * step. Changes are spread evenly over time at the spawn rate, the first at once, or after
 * the worker's phase in the fleet ({@link rampPhaseMs}).
 */

/** A user class as the ramp sees it. */
export interface RampClass {
	target: number;
	/** Running users in spawn order (ids grow): the last is the newest. */
	active: ReadonlyArray<{ id: number }>;
}

/** The next change: stop the newest user of `stop`, or start one of `spawn`; undefined when every class is at its target. */
export function nextChange<C extends RampClass>(classes: readonly C[]): { stop: C } | { spawn: C } | undefined {
	let newest: C | undefined;
	let newestId = -Infinity;
	for (const c of classes) {
		const last = c.active[c.active.length - 1];
		if (c.active.length > c.target && last !== undefined && last.id > newestId) {
			newest = c;
			newestId = last.id;
		}
	}
	if (newest) return { stop: newest };
	let behind: C | undefined;
	let behindRatio = 0;
	for (const c of classes) {
		const deficit = c.target - c.active.length;
		if (deficit <= 0) continue;
		const ratio = deficit / c.target;
		if (!behind || ratio > behindRatio) {
			behind = c;
			behindRatio = ratio;
		}
	}
	return behind ? { spawn: behind } : undefined;
}

/**
 * Changes due now: change number k (0-based) is due at k / rate seconds after the ramp began.
 * @param elapsedMs Since the ramp began.
 * @param rate Changes per second; Infinity: all at once.
 * @param made Changes made so far.
 */
export function changesDue(elapsedMs: number, rate: number, made: number): number {
	return rate === Infinity ? Infinity : Math.floor((elapsedMs * rate) / 1000) + 1 - made;
}

/** ms from `elapsedMs` until change number `made` is due (0 when overdue). */
export function delayToNext(elapsedMs: number, rate: number, made: number): number {
	return Math.max(0, (made * 1000) / rate - elapsedMs);
}

/**
 * When a worker's first change falls, in ms after its orders: each worker ramps at its share
 * of the fleet rate, so if all began at once, N workers would start N users at the same instant
 * (100 workers at -r 1: 100 users at once). Worker `index` of `count` starts `index / count` of
 * its own interval late instead, so with equal shares the fleet starts one user every
 * 1 / fleet rate, as one process would. Nothing to spread: 0.
 */
export function rampPhaseMs(slot: { index: number; count: number }, rate: number): number {
	if (!(rate > 0) || !Number.isFinite(rate) || slot.count <= 1) return 0;
	return (Math.min(slot.index, slot.count - 1) / slot.count) * (1000 / rate);
}
