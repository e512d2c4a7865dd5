/**
 * The dispatcher (pure): how many users of each class every worker runs.
 *
 * 1. Class totals. Classes with a fixed count are served first, in declared order, each
 *    capped by what is left. The rest is split by weight with a smooth weighted round robin
 *    (the sequence Locust and nginx use: each step the class furthest behind its share gets
 *    the next user), so growing the total by one adds exactly one user to one class and
 *    classes interleave as the fleet ramps: weights 3:1 give A A B A A A B A ...
 * 2. Dealing. Users are laid out class after class (fixed classes first) and dealt to the
 *    ready workers round robin, the dealer's position carrying over from one class to the
 *    next. A class's users form one contiguous run, so for every class no two workers differ
 *    by more than one user; all users form one run, so worker totals differ by at most one.
 *
 * Spawn rate is for the whole fleet: see {@link spawnRates}. Each worker's place in the fleet
 * for data partitioning (`{ index, count }`): see {@link workerSlots}.
 */

/** A user class as the dispatcher sees it. */
export interface DispatchClass {
	name: string;
	/** Relative weight; ignored when fixedCount is set. */
	weight: number;
	/** Exactly this many users in the whole fleet, served before weighted classes. */
	fixedCount?: number;
}

/** Users per class name. */
export type UsersByClass = Record<string, number>;

/** Users per class per worker id. */
export type Dispatch = Record<string, UsersByClass>;

/** Splits `total` users between the classes: fixed counts first, then by weight, smoothly. */
export function classTotals(classes: readonly DispatchClass[], total: number): UsersByClass {
	const result: UsersByClass = {};
	let left = Math.max(0, Math.floor(total));
	for (const cls of classes) result[cls.name] = 0;
	for (const cls of classes) {
		if (cls.fixedCount === undefined) continue;
		const take = Math.min(left, Math.max(0, Math.floor(cls.fixedCount)));
		result[cls.name] = take;
		left -= take;
	}
	const weighted = classes.filter((cls) => cls.fixedCount === undefined && cls.weight > 0);
	const weightSum = weighted.reduce((sum, cls) => sum + cls.weight, 0);
	if (weighted.length === 0 || left === 0) return result;

	// Smooth weighted round robin from zero: every step each class earns its weight and the
	// class with the most credit takes the user and pays the weight sum. Prefix counts make it
	// house-monotone (one more user never takes one from a class). O(users x classes): 1e5
	// users of 5 classes is ~1 ms, and the master dispatches only when the target or fleet changes.
	const counts = weighted.map(() => 0);
	const credit = weighted.map(() => 0);
	for (let placed = 0; placed < left; placed++) {
		let best = 0;
		for (let i = 0; i < weighted.length; i++) {
			credit[i] = (credit[i] ?? 0) + (weighted[i]?.weight ?? 0);
			if ((credit[i] ?? 0) > (credit[best] ?? 0)) best = i;
		}
		credit[best] = (credit[best] ?? 0) - weightSum;
		counts[best] = (counts[best] ?? 0) + 1;
	}
	weighted.forEach((cls, i) => (result[cls.name] = counts[i] ?? 0));
	return result;
}

/**
 * Class totals less the users that stopped themselves (`stopUser()`): they are not replaced,
 * so the fleet runs that many fewer of their class until the test starts again.
 */
export function withoutRetired(totals: Readonly<UsersByClass>, retired: Readonly<UsersByClass>): UsersByClass {
	const out: UsersByClass = {};
	for (const [name, count] of Object.entries(totals)) out[name] = Math.max(0, count - (retired[name] ?? 0));
	return out;
}

/**
 * Users per class per worker for a fleet target.
 * @param classes The plan's user classes, in declared order.
 * @param total The fleet's target users.
 * @param workerIds The ready workers in a stable order (join order): worker 0 gets the extras.
 * @param retired Users per class that stopped themselves this test, fleet-wide: not dealt again.
 */
export function dispatch(classes: readonly DispatchClass[], total: number, workerIds: readonly string[], retired: Readonly<UsersByClass> = {}): Dispatch {
	const result: Dispatch = {};
	for (const id of workerIds) {
		result[id] = {};
		for (const cls of classes) (result[id] as UsersByClass)[cls.name] = 0;
	}
	const count = workerIds.length;
	if (count === 0) return result;
	const totals = withoutRetired(classTotals(classes, total), retired);
	const ordered = [...classes.filter((c) => c.fixedCount !== undefined), ...classes.filter((c) => c.fixedCount === undefined)];
	let dealer = 0;
	for (const cls of ordered) {
		const n = totals[cls.name] ?? 0;
		// A run of n users from position `dealer`: every worker gets floor(n / count), and the
		// n % count workers from the dealer's position on get one more.
		const base = Math.floor(n / count);
		const extra = n % count;
		for (let i = 0; i < count; i++) {
			const worker = result[workerIds[(dealer + i) % count] as string] as UsersByClass;
			worker[cls.name] = base + (i < extra ? 1 : 0);
		}
		dealer = (dealer + extra) % count;
	}
	return result;
}

/**
 * Per-worker spawn rates for one change of the fleet, so the whole fleet ramps at `fleetRate`
 * users per second and every worker finishes its part at the same moment: a worker's rate is
 * fleetRate x its share of the change, where a worker's change is the sum over classes of
 * |target - current| users. A worker with nothing to change gets fleetRate / workers (it has
 * nothing to ramp; the rate must still be positive on the wire).
 */
export function spawnRates(current: Readonly<Dispatch>, target: Readonly<Dispatch>, fleetRate: number): Record<string, number> {
	const ids = Object.keys(target);
	const change: Record<string, number> = {};
	let totalChange = 0;
	for (const id of ids) {
		const want = target[id] ?? {};
		const have = current[id] ?? {};
		let delta = 0;
		for (const name of new Set([...Object.keys(want), ...Object.keys(have)])) delta += Math.abs((want[name] ?? 0) - (have[name] ?? 0));
		change[id] = delta;
		totalChange += delta;
	}
	const rates: Record<string, number> = {};
	const idle = fleetRate / Math.max(1, ids.length);
	for (const id of ids) {
		const delta = change[id] ?? 0;
		rates[id] = totalChange === 0 || delta === 0 ? idle : (fleetRate * delta) / totalChange;
	}
	return rates;
}

/**
 * Each worker's partition index, `count` being the number of active workers: a worker keeps
 * the index it has for as long as it stays active and the index is below `count`; a worker
 * without one (a newcomer, a rejoiner) takes the lowest free index. So when a worker leaves,
 * only the workers holding indexes at or above the new count move, into the freed indexes
 * (at most as many as left), and the others keep theirs; when one joins, nobody moves.
 *
 * What that means for data shares: a dataset binds its share to the `{ index, count }` of its
 * first take and keeps it for the worker's life (source/data/dataset.ts). While the fleet is
 * steady the shares are disjoint and cover the data. After a change they may not be: the
 * share of a worker that left goes unused, and a worker that binds afterwards (a newcomer, or a
 * dataset first used after the change) binds to the new count, which can overlap shares bound
 * before. Plans that need strictly disjoint rows should fix the fleet (`--expect-workers`).
 * @param previous Indexes given at the last dispatch, by worker id.
 * @param active The active workers, in join order (newcomers take free indexes in this order).
 * @returns An index in `0..active.length-1` for every active worker, all different.
 */
export function workerSlots(previous: Readonly<Record<string, number>>, active: readonly string[]): Record<string, number> {
	const count = active.length;
	const slots: Record<string, number> = {};
	const taken = new Set<number>();
	for (const id of active) {
		const index = previous[id];
		if (index !== undefined && Number.isInteger(index) && index >= 0 && index < count && !taken.has(index)) {
			slots[id] = index;
			taken.add(index);
		}
	}
	let free = 0;
	for (const id of active) {
		if (slots[id] !== undefined) continue;
		while (taken.has(free)) free++;
		slots[id] = free;
		taken.add(free);
	}
	return slots;
}
