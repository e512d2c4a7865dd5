import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { compactCount, compactMs, compactRate, fit, formatAge, formatBytes, formatPercent, formatStopwatch, truncate, truncateMiddle } from '../source/format.ts';

void test('compact numbers fit narrow cells and never print NaN', () => {
	assert.deepEqual([0.42, 12.6, 1234, 250_000].map(compactMs), ['0.4', '13', '1234', '250s']);
	assert.deepEqual([987, 99_999, 158_627, 4_560_000, 45_600_000].map(compactCount), ['987', '99999', '158.6k', '4560k', '45.60M']);
	assert.deepEqual([0, 12.34, 1500].map(compactRate), ['0.0', '12.3', '1500']);
	assert.deepEqual([512, 1832, 90 * 1024 * 1024].map(formatBytes), ['512', '1.8K', '90M']);
	assert.deepEqual([7_000, 754_000, 3_723_000].map(formatStopwatch), ['0:07', '12:34', '1:02:03']);
	assert.deepEqual([400, 42_000, 600_000].map(formatAge), ['0.4s', '42s', '10m']);
	for (const format of [compactMs, compactCount, compactRate, formatBytes, formatStopwatch, formatAge]) {
		assert.equal(format(Number.NaN), '-');
	}
});

void test('a percentage reads the same on the dashboard and in the reports: a failure never reads as 0 %', () => {
	// The one rule (summary-table.test.ts checks the rest of it); the dashboard once said 0.0% where the status line said <0.01%.
	assert.deepEqual([0, 0.00001, 0.0004, 0.0016, 0.5].map(formatPercent), ['0%', '<0.01%', '0.04%', '0.16%', '50%']);
});

void test('text is cut with an ellipsis, at the end or in the middle', () => {
	assert.equal(truncate('/items/[id]', 20), '/items/[id]');
	assert.equal(truncate('/a/very/long/name', 8), '/a/very…');
	assert.equal(truncate('line\nbreak', 20), 'line break');
	assert.equal(truncateMiddle('loadgen-eu-west-1a.internal-7f3a91', 13), 'loadge…7f3a91');
	assert.equal(fit('abc', 5, 'right'), '  abc');
	assert.equal(fit('abcdef', 5), 'abcd…');
});

void test('wide (CJK) characters count two columns, so cells still line up', () => {
	assert.equal(fit('/商品', 6), '/商品 ');
	assert.equal(fit('/商品/一覧/詳細', 9), '/商品/一…');
	for (const text of ['/商品/一覧/詳細', '/検索?q=テスト', '/plain/ascii/path']) {
		for (const width of [1, 4, 7, 10]) assert.equal(stringWidth(fit(text, width)), width, `${text} at ${width}`);
	}
	assert.equal(stringWidth(truncateMiddle('ワーカー-東京-7f3a91', 11)), 11);
});
