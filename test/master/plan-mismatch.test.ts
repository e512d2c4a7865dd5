import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planMismatchLine } from '../../source/master/plan-mismatch.ts';
import { Topics, decode, encode } from '../../source/protocol/index.ts';
import type { Outgoing } from '../../source/protocol/index.ts';

const master = 'ffff0000aaaa';

void test('a worker with no plan of its own, or the master\'s, is not a mismatch', () => {
	assert.equal(planMismatchLine('w1', master, { planHash: master, ownPlanHash: null }), undefined);
	assert.equal(planMismatchLine('w1', master, { planHash: master, ownPlanHash: master }), undefined);
	assert.equal(planMismatchLine('w1', master, { planHash: master }), undefined);
});

void test('a worker told to run the master\'s plan, and one running its own with --allow-plan-mismatch', () => {
	assert.equal(
		planMismatchLine('w1', master, { planHash: master, ownPlanHash: 'aaaa1111bbbb' }),
		"worker w1 was started with its own plan (hash aaaa1111), not the master's (ffff0000): it was told to run the master's",
	);
	assert.equal(
		planMismatchLine('w1', master, { planHash: 'aaaa1111bbbb', ownPlanHash: 'aaaa1111bbbb' }),
		"worker w1 was started with its own plan (hash aaaa1111), not the master's (ffff0000), and runs its own (--allow-plan-mismatch)",
	);
});

void test('a 1.0 worker (no ownPlanHash) running another plan runs its own; its hello still decodes', () => {
	assert.match(planMismatchLine('w1', master, { planHash: 'aaaa1111bbbb' }) ?? '', /and runs its own \(--allow-plan-mismatch\)$/);
	const topics = new Topics('ci');
	const hello = { type: 'hello', workerId: 'w1', hostname: 'h', pid: 1, planHash: 'abc', userClasses: ['A'], nextSeq: 1, lastMasterId: null } satisfies Outgoing;
	const parsed = topics.parse(topics.worker('w1', 'hello'));
	assert.ok(parsed);
	const result = decode(parsed, encode(hello, '1.0'));
	assert.ok(result.ok);
	assert.equal(result.ok && result.message.type === 'hello' ? result.message.ownPlanHash : 'x', undefined);
});
