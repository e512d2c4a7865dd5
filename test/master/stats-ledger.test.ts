import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatsLedger } from '../../source/master/stats-ledger.ts';

void test('in order deltas apply once; duplicates and gaps are dropped', () => {
	const ledger = new StatsLedger();
	assert.equal(ledger.accept('w', 1, 0, 0), 'gap', 'no hello yet');
	assert.equal(ledger.join('w', 1), 0);
	assert.equal(ledger.accept('w', 1, 0, 0), 'apply');
	assert.equal(ledger.accept('w', 1, 0, 0), 'duplicate');
	assert.equal(ledger.accept('w', 3, 0, 0), 'gap');
	assert.equal(ledger.accept('w', 2, 0, 0), 'apply');
	assert.equal(ledger.accept('w', 3, 0, 0), 'apply');
	assert.equal(ledger.countedSeq('w'), 3);
});

void test('a reconnecting worker resumes where it was, whatever its hello says', () => {
	const ledger = new StatsLedger();
	ledger.join('w', 1);
	ledger.accept('w', 1, 0, 0);
	ledger.accept('w', 2, 0, 0);
	// It still holds 2 and 3 unacknowledged (the ack of 2 was lost).
	assert.equal(ledger.join('w', 2), 2);
	assert.equal(ledger.accept('w', 2, 0, 0), 'duplicate');
	assert.equal(ledger.accept('w', 3, 0, 0), 'apply');
	// It dropped 4 and 5 (they belonged to another master): the ledger does not wait for them.
	assert.equal(ledger.join('w', 6), 5);
	assert.equal(ledger.accept('w', 6, 0, 0), 'apply');
});

void test('a worker new to this master starts at its next seq; deltas from before a reset count but do not apply', () => {
	const ledger = new StatsLedger();
	assert.equal(ledger.join('w', 41), 40);
	assert.equal(ledger.accept('w', 41, 0, 1), 'stale');
	assert.equal(ledger.accept('w', 42, 1, 1), 'apply');
});

void test('property: any interleaving of resends counts every seq exactly once', () => {
	let seed = 7;
	const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
	for (let round = 0; round < 200; round++) {
		const ledger = new StatsLedger();
		ledger.join('w', 1);
		const applied: number[] = [];
		let acked = 0;
		const sent = 50;
		// The worker sends 1..50, the network drops and duplicates at random; after each burst it
		// resends everything unacknowledged in order, until all are acknowledged.
		let bursts = 0;
		while (acked < sent && bursts++ < 1000) {
			for (let seq = acked + 1; seq <= sent; seq++) {
				const copies = next() < 0.2 ? 0 : next() < 0.1 ? 2 : 1;
				for (let c = 0; c < copies; c++) {
					if (ledger.accept('w', seq, 0, 0) === 'apply') applied.push(seq);
				}
				if (next() < 0.8) acked = Math.max(acked, ledger.countedSeq('w'));
			}
			acked = Math.max(acked, ledger.countedSeq('w'));
		}
		assert.deepEqual(applied, Array.from({ length: sent }, (_, i) => i + 1));
	}
});
