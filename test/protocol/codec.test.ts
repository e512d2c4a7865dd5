import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PAYLOAD_BYTES, PROTOCOL_VERSION, Topics, decode, encode, isCompatibleVersion } from '../../source/protocol/index.ts';
import type { Outgoing } from '../../source/protocol/index.ts';

const topics = new Topics('ci');
const at = (topic: string) => {
	const parsed = topics.parse(topic);
	assert.ok(parsed, topic);
	return parsed;
};

const delta = {
	startedAt: 1000,
	endedAt: 2000,
	endpoints: [{ method: 'GET', name: '/a', requests: 3, failures: 1, totalMs: 30, minMs: 5, maxMs: 15, contentBytes: 300, histogram: 'HISTFAAAA' }],
	errors: [{ method: 'GET', name: '/a', error: 'HTTP 500', occurrences: 1 }],
	exceptions: [],
};

const samples: Array<[string, Outgoing]> = [
	[topics.masterStatus, { type: 'master-status', masterId: 'm1', state: 'online', planHash: 'abc', startedAt: 1 }],
	[topics.masterHeartbeat, { type: 'master-heartbeat', masterId: 'm1', time: 5, runState: 'running' }],
	[topics.plan, { type: 'plan', masterId: 'm1', hash: 'abc', label: 'plan.ts', code: 'export default 1' }],
	[topics.cmd('w1'), { type: 'welcome', masterId: 'm1', workerId: 'w1', planHash: null, statsEpoch: 0, ackedSeq: 0 }],
	[topics.cmd('w1'), { type: 'refuse', masterId: 'm1', workerId: 'w1', reason: 'no' }],
	[topics.cmd('w1'), { type: 'spawn', masterId: 'm1', users: { A: 3, B: 1 }, spawnRate: 2.5, host: null, partition: { index: 0, count: 2 }, statsEpoch: 1 }],
	[topics.cmdAll, { type: 'stop', masterId: 'm1', timeoutMs: 1000 }],
	[topics.cmdAll, { type: 'quit', masterId: 'm1' }],
	[topics.cmdAll, { type: 'reset', masterId: 'm1', statsEpoch: 2 }],
	[topics.cmd('w1'), { type: 'ack', masterId: 'm1', seq: 9 }],
	[topics.cmdAll, { type: 'custom', from: 'master', name: 'ping', data: { n: [1, 2] } }],
	[topics.worker('w1', 'hello'), { type: 'hello', workerId: 'w1', hostname: 'h', pid: 12, planHash: 'abc', userClasses: ['A'], nextSeq: 1, lastMasterId: null }],
	[topics.worker('w1', 'status'), { type: 'worker-status', workerId: 'w1', state: 'stopped', lastSeq: 4 }],
	[topics.worker('w1', 'heartbeat'), { type: 'worker-heartbeat', workerId: 'w1', state: 'running', users: { A: 2 }, cpuPercent: 12.5, rssBytes: 1e8, time: 7 }],
	[topics.worker('w1', 'stats'), { type: 'stats', workerId: 'w1', seq: 1, statsEpoch: 0, delta }],
	[topics.worker('w1', 'custom'), { type: 'custom', from: 'w1', name: 'done', data: null }],
];

void test('every message survives encode then decode on its topic', () => {
	for (const [topic, message] of samples) {
		const result = decode(at(topic), encode(message));
		assert.ok(result.ok, `${message.type}: ${result.ok ? '' : result.detail}`);
		assert.deepEqual(result.message, { v: PROTOCOL_VERSION, ...message });
	}
});

void test('topics parse back to their kind and worker id, and foreign topics do not parse', () => {
	assert.deepEqual(topics.parse(topics.worker('w-1.x', 'stats')), { kind: 'worker-stats', workerId: 'w-1.x' });
	assert.deepEqual(topics.parse(topics.cmd('w9')), { kind: 'cmd-worker', workerId: 'w9' });
	assert.deepEqual(topics.parse(topics.cmdAll), { kind: 'cmd-all' });
	assert.equal(topics.parse('drove/other/master/status'), undefined);
	assert.equal(topics.parse(`${topics.root}/worker/w1/constructor`), undefined);
	assert.equal(topics.parse(`${topics.root}/worker/w1/stats/extra`), undefined);
	assert.throws(() => new Topics('a/b'));
});

void test('empty, oversized, bad JSON and wrong shapes are refused with their reason', () => {
	const stats = at(topics.worker('w1', 'stats'));
	const reason = (payload: string | Buffer, topic = stats) => {
		const result = decode(topic, payload);
		return result.ok ? 'ok' : result.reason;
	};
	assert.equal(reason(''), 'empty');
	assert.equal(reason(Buffer.alloc(MAX_PAYLOAD_BYTES['worker-stats'] + 1, 32)), 'oversized');
	assert.equal(reason('{"v":"1.0",'), 'bad-json');
	assert.equal(reason('[1,2]'), 'bad-shape');
	assert.equal(reason('"text"'), 'bad-shape');
	assert.equal(reason(JSON.stringify({ v: PROTOCOL_VERSION, type: 'nonsense' })), 'bad-shape');
	assert.equal(reason(JSON.stringify({ v: PROTOCOL_VERSION, type: 'stats', workerId: 'w1', seq: 0, statsEpoch: 0, delta })), 'bad-shape');
	assert.equal(reason(JSON.stringify({ v: PROTOCOL_VERSION, type: 'stats', workerId: 'w1', seq: 1, statsEpoch: 0, delta: { ...delta, endpoints: [{}] } })), 'bad-shape');
	assert.equal(reason(JSON.stringify({ v: PROTOCOL_VERSION, type: 'stats', workerId: 'w1', seq: 1.5, statsEpoch: 0, delta })), 'bad-shape');
});

void test('a message from another major version is refused and says which version it claimed', () => {
	const hello = at(topics.worker('w1', 'hello'));
	const payload = { type: 'hello', workerId: 'w1', hostname: 'h', pid: 1, planHash: null, userClasses: [], nextSeq: 1, lastMasterId: null };
	const other = decode(hello, JSON.stringify({ v: '2.0', ...payload }));
	assert.equal(other.ok, false);
	assert.ok(!other.ok && other.reason === 'version' && other.version === '2.0' && other.type === 'hello');
	const none = decode(hello, JSON.stringify(payload));
	assert.ok(!none.ok && none.reason === 'version');
	// A newer minor of our major is accepted: minors only add optional fields.
	assert.ok(decode(hello, JSON.stringify({ v: '1.7', ...payload, extra: true })).ok);
	assert.ok(isCompatibleVersion('1.0', '1.3'));
	assert.ok(!isCompatibleVersion('garbage'));
});

void test('a message on a topic where it does not belong, or naming another worker, is refused', () => {
	const spawnOnAll = decode(at(topics.cmdAll), encode(samples[5]![1]));
	assert.ok(!spawnOnAll.ok && spawnOnAll.reason === 'unexpected-type');
	const statsOnCmd = decode(at(topics.cmd('w1')), encode(samples[14]![1]));
	assert.ok(!statsOnCmd.ok && statsOnCmd.reason === 'unexpected-type');
	const impostor = decode(at(topics.worker('w2', 'stats')), encode(samples[14]![1]));
	assert.ok(!impostor.ok && impostor.reason === 'wrong-sender');
	const fakeMaster = decode(at(topics.worker('w1', 'custom')), encode({ type: 'custom', from: 'master', name: 'x', data: 1 }));
	assert.ok(!fakeMaster.ok && fakeMaster.reason === 'wrong-sender');
});
