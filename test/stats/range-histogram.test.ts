// The whole-run histograms the master holds per (worker, endpoint): adding parts into a range of
// counts must give exactly what a full histogram fed the same parts gives, whatever the parts'
// buckets and counts.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {LatencyHistogram, type SparseHistogram} from '../../source/stats/histogram.ts';
import {RangeHistogram} from '../../source/stats/range-histogram.ts';
import {sparsePercentilesMs} from '../../source/stats/sparse.ts';

const plain = (s: SparseHistogram) => ({indexes: Array.from(s.indexes), counts: Array.from(s.counts), total: s.total});

void test('parts added equal one histogram fed them all, as the range widens both ways', () => {
	const whole = new LatencyHistogram();
	const range = new RangeHistogram();
	for (let second = 0; second < 60; second++) {
		const part = new LatencyHistogram();
		// Each second reaches a little lower and a little higher than the one before.
		for (let i = 0; i < 40; i++) part.recordMs(50 / (1 + second / 10) + ((i * 37 + second * 11) % 400) * (1 + second / 20));
		whole.add(part);
		range.addSparse(part.toSparse());
		assert.deepEqual(plain(range.toSparse()), plain(whole.toSparse()), `second ${second}`);
	}
	assert.deepEqual(sparsePercentilesMs(range.toSparse(), [50, 95, 99]), whole.percentilesMs([50, 95, 99]));
	range.addSparse({indexes: [], counts: [], total: 0});
	assert.equal(range.total, whole.count, 'an empty part changes nothing');
});

void test('counts widen past 16 and 32 bits, exactly', () => {
	const range = new RangeHistogram();
	range.addSparse({indexes: [5, 9], counts: [0xfff0, 1], total: 0xfff1});
	range.addSparse({indexes: [5], counts: [0x20], total: 0x20});
	assert.deepEqual(plain(range.toSparse()), {indexes: [5, 9], counts: [0x10010, 1], total: 0x10011});
	range.addSparse({indexes: [9], counts: [0xffff_ffff], total: 0xffff_ffff});
	assert.deepEqual(plain(range.toSparse()), {indexes: [5, 9], counts: [0x10010, 0x1_0000_0000], total: 0x10011 + 0xffff_ffff});
});
