import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeException, hookedReporter } from '../../source/engine/request-hooks.ts';
import type { StatsSink } from '../../source/stats/stats-sink.ts';

void test('an exception is Name: message, a plain Error just its message, anything else as a string', () => {
	assert.equal(describeException(new TypeError('bad')).message, 'TypeError: bad');
	assert.equal(describeException(new Error('plain')).message, 'plain');
	assert.deepEqual(describeException('text'), { message: 'text', traceback: 'text' });
});

void test('a hooked reporter records first, runs every hook, and reports a hook that throws', () => {
	const seen: string[] = [];
	const sink = { request: (method: string, name: string) => seen.push(`sink ${method} ${name}`), exception: () => {} } as unknown as StatsSink;
	const errors: unknown[] = [];
	const reporter = hookedReporter(sink, [() => { throw new Error('boom'); }, (e) => seen.push(`hook ${e.userClass} ${e.userId} ${e.worker.index}`)], { worker: { index: 2, count: 3 }, userId: 7, userClass: 'A' }, (e) => errors.push(e));
	reporter.request('GET', '/x', 1.5, 10);
	assert.deepEqual(seen, ['sink GET /x', 'hook A 7 2']);
	assert.equal((errors[0] as Error).message, 'boom');
});
