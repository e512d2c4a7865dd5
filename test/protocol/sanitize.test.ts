import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanKeys, cleanLines, cleanText, defuseFormula } from '../../source/protocol/sanitize.ts';
import { decode } from '../../source/protocol/codec.ts';
import { Topics } from '../../source/protocol/topics.ts';
import { PROTOCOL_VERSION } from '../../source/protocol/version.ts';

void test('escapes and controls go, newlines cannot forge a log line, length is capped', () => {
	assert.equal(cleanText('evil\u001b[2J\u001b[31mred\u001b[0m\n12:00:00 test stopped', 64), 'evilred 12:00:00 test stopped');
	assert.equal(cleanText('a\u001b]0;title\u0007b\u202ec'), 'ab c');
	assert.equal(cleanText('x'.repeat(65_000), 64), `${'x'.repeat(63)}…`);
	assert.equal(cleanText('plain name'), 'plain name');
	assert.equal(cleanLines('Error: x\n    at f (\u001b[2Jp.ts:1:2)\r\n'), 'Error: x\n    at f (p.ts:1:2)\n');
	assert.deepEqual(cleanKeys({ 'web\u001b[2J': 1, api: 2 }), { web: 1, api: 2 });
});

void test('a CSV cell that would start a formula is prefixed with a quote', () => {
	for (const bad of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)']) assert.equal(defuseFormula(bad), `'${bad}`);
	assert.equal(defuseFormula('/item/[id]'), '/item/[id]');
});

void test('decode: a hello whose hostname holds escapes and newlines comes out clean', () => {
	const topics = new Topics('default');
	const topic = topics.parse(topics.worker('w-1', 'hello'))!;
	const hello = { v: PROTOCOL_VERSION, type: 'hello', workerId: 'w-1', hostname: 'evil\u001b[2J\n12:00:00 test stopped', pid: 1, nextSeq: 1, planHash: null, userClasses: ['web\u001b[31m'], lastMasterId: null };
	const result = decode(topic, JSON.stringify(hello));
	assert.ok(result.ok, JSON.stringify(result));
	assert.equal(result.message.type === 'hello' && result.message.hostname, 'evil 12:00:00 test stopped');
	assert.deepEqual(result.message.type === 'hello' && result.message.userClasses, ['web']);
});
