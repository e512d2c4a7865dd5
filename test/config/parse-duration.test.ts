import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration } from '../../source/config/parse-duration.ts';

void test('reads Locust-style durations and bare seconds as milliseconds', () => {
	const cases: Array<[string, number]> = [
		['30s', 30_000],
		['5m', 300_000],
		['2h', 7_200_000],
		['1h30m', 5_400_000],
		['1h30m15s', 5_415_000],
		['1m30s', 90_000],
		['250ms', 250],
		['1s500ms', 1500],
		['90', 90_000],
		['0', 0],
		['0.5', 500],
		['0s', 0],
		[' 10s ', 10_000],
	];
	for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});

void test('refuses anything else instead of guessing', () => {
	for (const text of ['', ' ', '5min', '5 m', '1.5h', '-5', '-5s', '30S', 'm', 's', 'ms', '1m1h', '1s1s', '1d', '10sec', 'abc', '1h 30m', '0x10', '1e3', '.5']) {
		assert.equal(parseDuration(text), undefined, JSON.stringify(text));
	}
});

void test('formats milliseconds back into a duration parseDuration reads', () => {
	const cases: Array<[number, string]> = [[0, '0s'], [60_000, '1m'], [5_400_000, '1h30m'], [250, '250ms'], [1500, '1s500ms'], [10_000, '10s']];
	for (const [ms, text] of cases) {
		assert.equal(formatDuration(ms), text);
		assert.equal(parseDuration(text), ms);
	}
});
