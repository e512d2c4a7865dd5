/**
 * How many users of each class make up `total`: pure, shared by the engine and the master's
 * dispatcher.
 */

/** What the split needs to know of a user class. */
export interface SplitClass {
	name: string;
	weight: number;
	fixedCount?: number;
}

/**
 * Split `total` users across classes: fixed counts first (in class order, as far as `total`
 * goes), the rest by weight with largest-remainder rounding, so the counts sum to `total`
 * exactly. Ties go to the earlier class. When only fixed-count classes exist, users beyond
 * their sum are not placed (the counts then sum to less than `total`), as in Locust.
 */
export function splitUsers(classes: readonly SplitClass[], total: number): Record<string, number> {
	const counts: Record<string, number> = {};
	let left = Math.max(0, Math.floor(total));
	for (const c of classes) counts[c.name] = 0;
	for (const c of classes) {
		if (c.fixedCount === undefined) continue;
		const n = Math.min(c.fixedCount, left);
		counts[c.name] = n;
		left -= n;
	}
	const weighted = classes.filter((c) => c.fixedCount === undefined && c.weight > 0);
	const weightSum = weighted.reduce((sum, c) => sum + c.weight, 0);
	if (left === 0 || weightSum === 0) return counts;
	const shares = weighted.map((c, order) => {
		const exact = (left * c.weight) / weightSum;
		return { name: c.name, floor: Math.floor(exact), remainder: exact - Math.floor(exact), order };
	});
	let placed = 0;
	for (const s of shares) {
		counts[s.name] = s.floor;
		placed += s.floor;
	}
	shares.sort((a, b) => b.remainder - a.remainder || a.order - b.order);
	for (let i = 0; placed < left; i++, placed++) {
		const s = shares[i % shares.length]!;
		counts[s.name] = (counts[s.name] ?? 0) + 1;
	}
	return counts;
}
