import {test} from 'node:test';
import assert from 'node:assert/strict';
import {HistogramDecodeError, LatencyHistogram, decodeSparse} from '../../source/stats/histogram.ts';

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

void test('every recorded value reads back within 1 % (2 significant digits)', () => {
	const rand = random(1);
	for (let i = 0; i < 2000; i++) {
		// Log-uniform from 1 µs to 1 hour.
		const ms = Math.exp(Math.log(0.001) + rand() * (Math.log(3_600_000) - Math.log(0.001)));
		const h = new LatencyHistogram();
		h.recordMs(ms);
		const got = h.percentileMs(100);
		const exact = Math.round(ms * 1000) / 1000;
		assert.ok(Math.abs(got - exact) <= exact * 0.01 + 1e-9, `${ms} ms read back as ${got}`);
	}
});

void test('values beyond an hour resize instead of throwing', () => {
	const h = new LatencyHistogram();
	h.recordMs(10 * 3_600_000);
	assert.equal(h.count, 1);
	assert.ok(Math.abs(h.percentileMs(100) - 36_000_000) <= 360_000, 'Math.abs(h.percentileMs(100) - 36_000_000) <= 360_000');
	const back = LatencyHistogram.decode(h.encode());
	assert.equal(back.percentileMs(100), h.percentileMs(100));
});

void test('a known mix: 90 % at 20 ms, 10 % at 200 ms gives p50 ~ 20 and p95 ~ 200 within 1 %', () => {
	const h = new LatencyHistogram();
	for (let i = 0; i < 9000; i++) h.recordMs(20);
	for (let i = 0; i < 1000; i++) h.recordMs(200);
	const [p50, p90, p95, p100] = h.percentilesMs([50, 90, 95, 100]);
	assert.ok(Math.abs(p50! - 20) <= 0.2, `p50 ${p50}`);
	assert.ok(Math.abs(p90! - 20) <= 0.2, `p90 ${p90}`);
	assert.ok(Math.abs(p95! - 200) <= 2, `p95 ${p95}`);
	assert.ok(Math.abs(p100! - 200) <= 2, `p100 ${p100}`);
});

void test('one-pass percentiles equal the library\'s own getValueAtPercentile', () => {
	const rand = random(7);
	const h = new LatencyHistogram();
	for (let i = 0; i < 5000; i++) h.recordMs(rand() * rand() * 500);
	const ps = [1, 50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100];
	const mine = h.percentilesMs(ps);
	ps.forEach((p, i) => assert.equal(mine[i], h.hdr.getValueAtPercentile(p) / 1000, `p${p}`));
});

void test('encode/decode round trip and sparse add are exact', () => {
	const rand = random(3);
	const h = new LatencyHistogram();
	for (let i = 0; i < 3000; i++) h.recordMs(rand() * 1000);
	const sparse = decodeSparse(h.encode());
	assert.deepEqual(sparse, h.toSparse());
	const back = LatencyHistogram.decode(h.encode());
	assert.equal(back.count, 3000);
	assert.deepEqual(back.toSparse(), h.toSparse());
	// Adding then subtracting leaves nothing.
	back.subtractSparse(sparse);
	assert.equal(back.count, 0);
	assert.equal(back.toSparse().indexes.length, 0);
});

void test('an empty histogram encodes, decodes and answers 0', () => {
	const h = new LatencyHistogram();
	assert.deepEqual(h.percentilesMs([50, 100]), [0, 0]);
	assert.equal(LatencyHistogram.decode(h.encode()).count, 0);
});

void test('garbage is refused with a HistogramDecodeError, never anything else', () => {
	const good = new LatencyHistogram();
	good.recordMs(5);
	const encoded = good.encode();
	const bad = ['', 'AAAA', 'not base64 at all!!', encoded.slice(0, 20), 'HISTFAAAACl4' + 'A'.repeat(40), Buffer.from('x'.repeat(64)).toString('base64')];
	for (const b of bad) assert.throws(() => decodeSparse(b), HistogramDecodeError, JSON.stringify(b));
	// A histogram of another layout (3 digits) is refused: its buckets do not line up with ours.
	const other = new LatencyHistogram();
	(other.hdr as unknown as {numberOfSignificantValueDigits: number}).numberOfSignificantValueDigits = 3;
	assert.throws(() => decodeSparse(other.encode()), HistogramDecodeError);
});

void test('a million records all count (their cost is measured in bench/, never here)', () => {
	const h = new LatencyHistogram();
	for (let i = 0; i < 1_000_000; i++) h.recordMs((i % 5000) * 0.037);
	assert.equal(h.count, 1_000_000);
});

void test('the fast index path lands every value in the library\'s own bucket', () => {
	const rand = random(11);
	const fast = new LatencyHistogram();
	const slow = new LatencyHistogram();
	const values = [0, 1, 2, 127, 128, 255, 256, 257, 511, 512, 1023, 1024, 65535, 65536, 0x3fffffff, 0x40000000, 0x40000001, 3_600_000_000];
	for (let i = 0; i < 20000; i++) values.push(Math.floor(Math.exp(rand() * Math.log(2 ** 31))));
	for (const v of values) {
		fast.recordMicros(v);
		slow.hdr.recordValue(v);
	}
	assert.deepEqual(fast.toSparse(), slow.toSparse());
	assert.equal(fast.hdr.maxValue, slow.hdr.maxValue);
	assert.equal(fast.hdr.minNonZeroValue, slow.hdr.minNonZeroValue);
	assert.equal(fast.encode(), slow.encode());
});
