import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fit, formatAge, formatBytes, formatCount, formatDuration, formatMs, formatPercent, formatRate, truncate, truncateMiddle } from '../../source/ui/format.ts';

void test('numbers fit narrow cells and never print NaN', () => {
	assert.deepEqual([0.42, 12.6, 1234, 250_000].map(formatMs), ['0.4', '13', '1234', '250s']);
	assert.deepEqual([987, 99_999, 158_627, 4_560_000, 45_600_000].map(formatCount), ['987', '99999', '158.6k', '4560k', '45.60M']);
	assert.deepEqual([0, 12.34, 1500].map(formatRate), ['0.0', '12.3', '1500']);
	assert.deepEqual([512, 1832, 90 * 1024 * 1024].map(formatBytes), ['512', '1.8K', '90M']);
	assert.deepEqual([0, 0.0016, 0.5].map(formatPercent), ['0%', '0.2%', '50%']);
	// A failure never reads as 0 %.
	assert.deepEqual([0.0001, 0.00049].map(formatPercent), ['<0.1%', '<0.1%']);
	assert.deepEqual([7_000, 754_000, 3_723_000].map(formatDuration), ['0:07', '12:34', '1:02:03']);
	assert.deepEqual([400, 42_000, 600_000].map(formatAge), ['0.4s', '42s', '10m']);
	for (const format of [formatMs, formatCount, formatRate, formatBytes, formatPercent, formatDuration, formatAge]) {
		assert.equal(format(Number.NaN), '-');
	}
});

void test('text is cut with an ellipsis, at the end or in the middle', () => {
	assert.equal(truncate('/items/[id]', 20), '/items/[id]');
	assert.equal(truncate('/a/very/long/name', 8), '/a/very…');
	assert.equal(truncate('line\nbreak', 20), 'line break');
	assert.equal(truncateMiddle('loadgen-eu-west-1a.internal-7f3a91', 13), 'loadge…7f3a91');
	assert.equal(fit('abc', 5, 'right'), '  abc');
	assert.equal(fit('abcdef', 5), 'abcd…');
});
