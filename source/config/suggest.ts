/**
 * "Did you mean ...?" for a mistyped flag or config key: the closest known name within a small
 * edit distance, so `--spawnrate` points at `--spawn-rate` and `"spawn-rate"` at `"spawnRate"`.
 */

/**
 * Edit distance, case-insensitive; `-` and `_` count as nothing. Two swapped neighbours count
 * as one edit (`nmae` is one slip from `name`), as in the optimal string alignment distance.
 */
function distance(a: string, b: string): number {
	const x = a.toLowerCase().replaceAll(/[-_]/g, '');
	const y = b.toLowerCase().replaceAll(/[-_]/g, '');
	let before: number[] = [];
	let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
	for (let i = 1; i <= x.length; i++) {
		const current = [i];
		for (let j = 1; j <= y.length; j++) {
			const cost = x[i - 1] === y[j - 1] ? 0 : 1;
			current[j] = Math.min(current[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost);
			if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) current[j] = Math.min(current[j]!, before[j - 2]! + 1);
		}
		before = previous;
		previous = current;
	}
	return previous[y.length]!;
}

/**
 * The candidate closest to `name`, if it is close enough to be a typo (at most 2 edits, and
 * fewer than half the name's letters).
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of candidates) {
		const d = distance(name, candidate);
		if (d < bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	return bestDistance <= 2 && bestDistance < name.length / 2 ? best : undefined;
}
