// The sparse histograms the master holds: accumulating in place must give exactly what a full
// histogram fed the same parts gives, whatever the parts' buckets and counts.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {LatencyHistogram, type SparseHistogram} from '../../source/stats/histogram.ts';
import {EMPTY_SPARSE, accumulateSparse, sparsePercentilesMs} from '../../source/stats/sparse.ts';

const plain = (s: SparseHistogram) => ({indexes: Array.from(s.indexes), counts: Array.from(s.counts), total: s.total});

void test('accumulated parts equal one histogram fed them all, in place once no bucket is new', () => {
	const whole = new LatencyHistogram();
	let sum: SparseHistogram = EMPTY_SPARSE;
	let replaced = 0;
	for (let second = 0; second < 50; second++) {
		const part = new LatencyHistogram();
		// Later seconds reuse the first seconds' values, so their buckets are all known.
		for (let i = 0; i < 40; i++) part.recordMs(second < 10 ? 1 + ((i * 37 + second * 11) % 400) : 1 + ((i * 37 + (second % 10) * 11) % 400));
		whole.add(part);
		const next = accumulateSparse(sum, part.toSparse());
		if (next !== sum) replaced++;
		sum = next;
		assert.deepEqual(plain(sum), plain(whole.toSparse()), `second ${second}`);
	}
	assert.ok(replaced <= 10, `replaced ${replaced} times: the settled seconds add in place`);
	assert.ok(sum.counts instanceof Uint32Array && sum.indexes instanceof Uint16Array, 'held compact');
	assert.deepEqual(sparsePercentilesMs(sum, [50, 95, 99]), whole.percentilesMs([50, 95, 99]));
	assert.equal(accumulateSparse(sum, EMPTY_SPARSE), sum, 'an empty part changes nothing');
});

void test('a count past 32 bits moves the sum to 64-bit floats, exactly', () => {
	const big = 0xffff_fff0;
	let sum = accumulateSparse(EMPTY_SPARSE, {indexes: [5, 9], counts: [big, 1], total: big + 1});
	assert.ok(sum.counts instanceof Uint32Array);
	sum = accumulateSparse(sum, {indexes: [5], counts: [100], total: 100});
	assert.ok(sum.counts instanceof Float64Array);
	assert.deepEqual(plain(sum), {indexes: [5, 9], counts: [big + 100, 1], total: big + 101});
});

void test('the first part is copied, never held: adding into the sum leaves it as it was', () => {
	const part = {indexes: [3, 4], counts: [1, 2], total: 3};
	let sum = accumulateSparse(EMPTY_SPARSE, part);
	sum = accumulateSparse(sum, {indexes: [4], counts: [5], total: 5});
	assert.deepEqual(part, {indexes: [3, 4], counts: [1, 2], total: 3});
	assert.deepEqual(plain(sum), {indexes: [3, 4], counts: [1, 7], total: 8});
});
