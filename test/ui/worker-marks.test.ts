import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markWorkers, modifiedZScores, outlierZ, type MarkInput } from '../../source/ui/worker-marks.ts';

const live = (rps: number, p95Ms: number, fields: Partial<MarkInput> = {}): MarkInput => ({ missing: false, users: 10, rps, p95Ms, cpuPercent: 40, ...fields });

void test('a healthy fleet with ordinary spread has no marks', () => {
	const marks = markWorkers([live(150, 40), live(142, 44), live(158, 38), live(149, 41), live(153, 47)]);
	assert.deepEqual(marks, [[], [], [], [], []]);
});

void test('a worker far below its peers on req/s per user is SLOW-RPS; far above on p95 is HIGH-P95', () => {
	const marks = markWorkers([live(150, 40), live(146, 42), live(155, 41), live(60, 400), live(151, 39)]);
	assert.deepEqual(marks[3], ['low-rps', 'high-p95']);
	assert.deepEqual([marks[0], marks[1], marks[2], marks[4]], [[], [], [], []]);
});

void test('req/s is compared per user, so a worker with fewer users is not slow', () => {
	const marks = markWorkers([live(150, 40), live(148, 40), live(152, 40), live(75, 40, { users: 5 })]);
	assert.deepEqual(marks, [[], [], [], []]);
});

void test('being fast is not a mark, only the bad direction is', () => {
	const marks = markWorkers([live(150, 40), live(148, 41), live(152, 39), live(400, 10)]);
	assert.deepEqual(marks, [[], [], [], []]);
});

void test('a large z-score on a tiny difference is not flagged (25 % floor)', () => {
	// MAD is 0.1 req/s/user; 13.5 scores far past 3.5 but is only 10 % off.
	const marks = markWorkers([live(150, 40), live(151, 40), live(150, 40), live(135, 40)]);
	assert.deepEqual(marks, [[], [], [], []]);
});

void test('with 2 workers nobody is the odd one out', () => {
	assert.deepEqual(markWorkers([live(150, 40), live(20, 900)]), [[], []]);
});

void test('missing and CPU-bound workers are marked; missing ones are not peers', () => {
	const marks = markWorkers([
		live(150, 40),
		live(151, 41, { cpuPercent: 96 }),
		live(0, 0, { missing: true, cpuPercent: 99 }),
		live(149, 40),
	]);
	assert.deepEqual(marks, [[], ['cpu'], ['missing'], []]);
});

void test('modified z-scores follow 0.6745 (x - median) / MAD', () => {
	// median 10, deviations 2 1 0 1 8 → MAD 1.
	const scores = modifiedZScores([8, 9, 10, 11, 18]);
	assert.deepEqual(scores.map((z) => Number(z.toFixed(4))), [-1.349, -0.6745, 0, 0.6745, 5.396]);
	assert.ok((scores[4] ?? 0) > outlierZ);
	assert.deepEqual(modifiedZScores([5, 5, 5, 9]), [0, 0, 0, Infinity]);
	assert.deepEqual(modifiedZScores([]), []);
});
