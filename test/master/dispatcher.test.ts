import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classTotals, dispatch, spawnRates, workerSlots, withoutRetired } from '../../source/master/dispatcher.ts';
import type { DispatchClass, UsersByClass } from '../../source/master/dispatcher.ts';

/** Deterministic PRNG (mulberry32) so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const sum = (counts: UsersByClass) => Object.values(counts).reduce((a, b) => a + b, 0);

void test('100 users of weights 3:1 on three workers split 34/33/33 with weights respected', () => {
	const classes = [{ name: 'A', weight: 3 }, { name: 'B', weight: 1 }];
	assert.deepEqual(classTotals(classes, 100), { A: 75, B: 25 });
	const result = dispatch(classes, 100, ['w1', 'w2', 'w3']);
	assert.deepEqual(Object.values(result).map(sum), [34, 33, 33]);
	for (const name of ['A', 'B']) {
		const per = Object.values(result).map((u) => u[name] ?? 0);
		assert.ok(Math.max(...per) - Math.min(...per) <= 1, `${name}: ${per.join(',')}`);
	}
});

void test('fixed counts are served first, capped by the total', () => {
	const classes = [{ name: 'A', weight: 1 }, { name: 'Admin', weight: 1, fixedCount: 2 }, { name: 'B', weight: 1 }];
	assert.deepEqual(classTotals(classes, 1), { A: 0, Admin: 1, B: 0 });
	assert.deepEqual(classTotals(classes, 10), { A: 4, Admin: 2, B: 4 });
});

void test('classes interleave as the total grows: weights 3:1 add A A B A A A B ...', () => {
	const classes = [{ name: 'A', weight: 3 }, { name: 'B', weight: 1 }];
	const order: string[] = [];
	for (let n = 1; n <= 8; n++) {
		const before = classTotals(classes, n - 1);
		const after = classTotals(classes, n);
		order.push(Object.keys(after).find((k) => (after[k] ?? 0) > (before[k] ?? 0)) ?? '?');
	}
	assert.equal(order.join(''), 'AABAAABA');
});

void test('property: random classes, totals and fleets keep every balance rule', () => {
	const next = random(42);
	for (let round = 0; round < 2000; round++) {
		const classCount = 1 + Math.floor(next() * 6);
		const classes: DispatchClass[] = Array.from({ length: classCount }, (_, i) => {
			const cls: DispatchClass = { name: `C${i}`, weight: 1 + Math.floor(next() * 10) };
			if (next() < 0.2) cls.fixedCount = Math.floor(next() * 5);
			return cls;
		});
		const total = Math.floor(next() * 500);
		const workers = Array.from({ length: 1 + Math.floor(next() * 12) }, (_, i) => `w${i}`);
		const context = `seed round ${round}: ${JSON.stringify({ classes, total, workers: workers.length })}`;

		const totals = classTotals(classes, total);
		const anyWeighted = classes.some((c) => c.fixedCount === undefined && c.weight > 0);
		if (anyWeighted) assert.equal(sum(totals), total, context);
		else assert.ok(sum(totals) <= total, context);
		// Weighted classes are within one user of their exact share of what fixed classes left.
		const fixedSum = classes.filter((c) => c.fixedCount !== undefined).reduce((a, c) => a + (totals[c.name] ?? 0), 0);
		const weighted = classes.filter((c) => c.fixedCount === undefined);
		const weightSum = weighted.reduce((a, c) => a + c.weight, 0);
		for (const cls of weighted) {
			const exact = ((total - fixedSum) * cls.weight) / weightSum;
			assert.ok(Math.abs((totals[cls.name] ?? 0) - exact) <= 1, `${context} ${cls.name} ${totals[cls.name]} vs ${exact}`);
		}
		// House monotone: one more user never takes a user from any class.
		const more = classTotals(classes, total + 1);
		for (const cls of classes) assert.ok((more[cls.name] ?? 0) >= (totals[cls.name] ?? 0), context);

		const result = dispatch(classes, total, workers);
		assert.deepEqual(Object.keys(result), workers, context);
		const perWorker = workers.map((w) => sum(result[w] ?? {}));
		assert.ok(Math.max(...perWorker) - Math.min(...perWorker) <= 1, `${context} totals ${perWorker}`);
		for (const cls of classes) {
			const per = workers.map((w) => result[w]?.[cls.name] ?? 0);
			assert.ok(Math.max(...per) - Math.min(...per) <= 1, `${context} ${cls.name}: ${per}`);
			assert.equal(per.reduce((a, b) => a + b, 0), totals[cls.name], context);
		}
	}
});

void test('no workers gives an empty dispatch; zero users gives zeros', () => {
	assert.deepEqual(dispatch([{ name: 'A', weight: 1 }], 10, []), {});
	assert.deepEqual(dispatch([{ name: 'A', weight: 1 }], 0, ['w']), { w: { A: 0 } });
});

void test('spawn rates split the fleet rate by each worker\'s share of the change', () => {
	const current = { w1: { A: 50 }, w2: { A: 50 } };
	// w3 joins: it gets 33 users, the others give up 17 each: change 17 + 17 + 34 (rounded dispatch).
	const target = dispatch([{ name: 'A', weight: 1 }], 100, ['w1', 'w2', 'w3']);
	const rates = spawnRates(current, target, 10);
	const total = Object.values(rates).reduce((a, b) => a + b, 0);
	assert.ok(Math.abs(total - 10) < 1e-9);
	assert.ok((rates.w3 ?? 0) > (rates.w1 ?? 0));
	// Every worker finishes at the same moment: change / rate is the same for all.
	const times = ['w1', 'w2', 'w3'].map((w) => {
		const have = (current as Record<string, UsersByClass>)[w]?.A ?? 0;
		return Math.abs((target[w]?.A ?? 0) - have) / (rates[w] ?? 1);
	});
	for (const t of times) assert.ok(Math.abs(t - (times[0] ?? 0)) < 1e-9);
	// Nothing to change: every worker still gets a positive rate.
	const idle = spawnRates(target, target, 9);
	assert.deepEqual(Object.values(idle), [3, 3, 3]);
});

void test('worker slots: first come first served; a survivor keeps its index; a newcomer takes the lowest free one', () => {
	const four = workerSlots({}, ['w1', 'w2', 'w3', 'w4']);
	assert.deepEqual(four, { w1: 0, w2: 1, w3: 2, w4: 3 });
	// w1 leaves: only w4 (index 3, no longer below the count of 3) moves, into the freed 0.
	const three = workerSlots(four, ['w2', 'w3', 'w4']);
	assert.deepEqual(three, { w2: 1, w3: 2, w4: 0 });
	// The last one leaving moves nobody.
	assert.deepEqual(workerSlots(three, ['w2', 'w4']), { w2: 1, w4: 0 });
	// A newcomer (or a rejoiner, who is a newcomer to the slots) takes the lowest free index; nobody moves.
	assert.deepEqual(workerSlots({ w2: 1, w4: 0 }, ['w2', 'w4', 'w1']), { w2: 1, w4: 0, w1: 2 });
	// A replacement for a worker that left, with no dispatch between, takes exactly its slot.
	assert.deepEqual(workerSlots(four, ['w1', 'w3', 'w4', 'w5']), { w1: 0, w3: 2, w4: 3, w5: 1 });
	assert.deepEqual(workerSlots(four, []), {});
});

void test('property: worker slots are a permutation of 0..count-1 and survivors move only when their index is out of range', () => {
	const next = random(7);
	let previous: Record<string, number> = {};
	let fleet: string[] = [];
	let born = 0;
	for (let round = 0; round < 2000; round++) {
		const kept = fleet.filter(() => next() > 0.2);
		const joined = Array.from({ length: Math.floor(next() * 3) }, () => `w${born++}`);
		fleet = [...kept, ...joined];
		const slots = workerSlots(previous, fleet);
		assert.deepEqual(Object.values(slots).sort((a, b) => a - b), fleet.map((_, i) => i));
		for (const id of kept) {
			const before = previous[id] as number;
			if (before < fleet.length) assert.equal(slots[id], before, `round ${round}: ${id} moved from ${before}`);
		}
		previous = slots;
	}
});

void test('users that stopped themselves are not dealt again: the fleet runs that many fewer of their class', () => {
	const classes = [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }];
	assert.deepEqual(withoutRetired({ a: 5, b: 5 }, { a: 2, c: 1 }), { a: 3, b: 5 });
	assert.deepEqual(withoutRetired({ a: 1 }, { a: 3 }), { a: 0 });
	const d = dispatch(classes, 10, ['w1', 'w2'], { a: 2 });
	assert.equal((d['w1']!['a'] ?? 0) + (d['w2']!['a'] ?? 0), 3);
	assert.equal((d['w1']!['b'] ?? 0) + (d['w2']!['b'] ?? 0), 5);
});
