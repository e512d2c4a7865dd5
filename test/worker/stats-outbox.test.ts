import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTBOX_LIMIT, StatsOutbox } from '../../source/worker/stats-outbox.ts';

const delta = { startedAt: 0, endedAt: 1, endpoints: [], errors: [], exceptions: [] };

void test('deltas are numbered from 1 and kept until a cumulative ack', () => {
	const outbox = new StatsOutbox();
	assert.equal(outbox.nextSeq, 1);
	assert.equal(outbox.push(delta, 0, 0).seq, 1);
	outbox.push(delta, 0, 0);
	outbox.push(delta, 1, 0);
	assert.equal(outbox.nextSeq, 1);
	outbox.ack(2);
	assert.equal(outbox.size, 1);
	assert.equal(outbox.nextSeq, 3);
	assert.equal(outbox.lastSeq, 3);
	assert.ok(outbox.overdue(5000, 5000));
	assert.deepEqual(outbox.resendAll(6000).map((e) => [e.seq, e.statsEpoch, e.sentAt]), [[3, 1, 6000]]);
	assert.ok(!outbox.overdue(6001, 5000));
	outbox.clear();
	assert.equal(outbox.nextSeq, 4, 'seqs go on after a clear');
});

void test('a full outbox drops its oldest and counts them', () => {
	const outbox = new StatsOutbox();
	for (let i = 0; i < OUTBOX_LIMIT + 3; i++) outbox.push(delta, 0, 0);
	assert.equal(outbox.size, OUTBOX_LIMIT);
	assert.equal(outbox.dropped, 3);
	assert.equal(outbox.nextSeq, 4);
});
