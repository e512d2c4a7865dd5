// The header's third line: the load shape's progress and the live thresholds, as words (NO_COLOR).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import ColorContext from '../../source/ui/color-context.ts';
import Header, { headerLines } from '../../source/ui/components/Header.tsx';
import { sampleModel } from './fixtures/sample-model.ts';

function lines(t: { after: (fn: () => void) => void }, header: Parameters<typeof Header>[0]['header'], columns?: number): string[] {
	const instance = render(
		<ColorContext.Provider value={false}>
			<Header header={header} columns={columns} />
		</ColorContext.Provider>,
	);
	t.after(() => instance.unmount());
	return (instance.lastFrame() ?? '').split('\n');
}

void test('no shape, no thresholds: two lines as before', (t) => {
	const header = sampleModel().header;
	assert.equal(headerLines(header), 2);
	assert.equal(lines(t, header).length, 2);
});

void test('a shape and thresholds: a third line with the stage, time left, next target and the tally', (t) => {
	const header = {
		...sampleModel().header,
		shape: 'stage 2/3 · 1m12s left · next target 0 users',
		thresholds: [
			{ expression: 'p95 < 300', ok: true, value: '212ms' },
			{ expression: 'failRatio < 0.01', ok: false, value: '2.5%' },
			{ expression: 'rps > 50', ok: false, value: '12.00/s' },
		],
	};
	assert.equal(headerLines(header), 3);
	const third = lines(t, header)[2]!;
	// ink-testing-library's terminal is 100 columns: the tail (`+1 more`) is cut, least important last.
	assert.match(third, /^shape stage 2\/3 · 1m12s left · next target 0 users {2}thresholds 1\/3 FAIL failRatio < 0\.01 \(2\.5%\) \+1/);
	const allOk = lines(t, { ...header, shape: undefined, thresholds: [{ expression: 'p95 < 300', ok: true, value: '212ms' }] })[2]!;
	assert.equal(allOk, 'thresholds 1/1 ok');
	const paused = lines(t, { ...header, shape: 'stage 1/3 · 2m left · next target 100 users · manual: shape paused', thresholds: [] })[2]!;
	assert.match(paused, /manual: shape paused$/);
});

void test('at 80 columns a shape and thresholds that do not fit one line take two: the FAIL is never cut off', (t) => {
	const header = {
		...sampleModel().header,
		shape: 'stage 2/3 → 8 users, 21s left · next 0 users · 31s of 1m20s left',
		thresholds: [
			{ expression: 'p95<500', ok: true, value: '212ms' },
			{ expression: 'rps>1000', ok: false, value: '41.45/s' },
		],
	};
	assert.equal(headerLines(header, 80), 4);
	const [, , shape, thresholds] = lines(t, header, 80);
	assert.equal(shape, 'shape stage 2/3 → 8 users, 21s left · next 0 users · 31s of 1m20s left');
	assert.equal(thresholds, 'thresholds 1/2 FAIL rps>1000 (41.45/s)');
	// Wide enough (120 columns; ink-testing-library draws 100), they share the third line as before.
	assert.equal(headerLines(header, 120), 3);
});

void test('before the first verdicts the header says the thresholds are there, with no FAIL (no evidence yet)', (t) => {
	const header = { ...sampleModel().header, shape: '3 stages in 1m20s: 4 → 8 → 0 users · starts when the workers are in', thresholdsPending: 2 };
	assert.equal(headerLines(header, 80), 4);
	const [, , shape, thresholds] = lines(t, header, 80);
	assert.equal(shape, 'shape 3 stages in 1m20s: 4 → 8 → 0 users · starts when the workers are in');
	assert.equal(thresholds, 'thresholds 2, judged once the test runs');
});
