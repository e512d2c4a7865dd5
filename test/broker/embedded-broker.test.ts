import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { MqttClient } from 'mqtt';
import { startBroker } from '../../source/broker/embedded-broker.ts';
import type { EmbeddedBroker } from '../../source/broker/embedded-broker.ts';
import { isLoopbackHost, tokenMatches } from '../../source/broker/access.ts';
import { Topics } from '../../source/protocol/topics.ts';
import { makeSelfSignedCertificate } from '../helpers/tls.ts';

const topics = new Topics('ci');

/** Polls `check` until it is true or the deadline passes. */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** The master's privileged client over the in-process stream. */
async function masterClient(broker: EmbeddedBroker): Promise<MqttClient> {
	const client = new MqttClient(() => broker.connectInternal(), { clientId: 'drove-master-test', reconnectPeriod: 0 });
	await new Promise<void>((resolve) => client.once('connect', () => resolve()));
	return client;
}

async function workerClient(broker: EmbeddedBroker, clientId: string, password?: string): Promise<MqttClient> {
	return mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId, username: 'drove', password, reconnectPeriod: 0, connectTimeout: 5000 });
}

void test('loopback without a token accepts workers; a token is generated only beyond loopback', async (t) => {
	const broker = await startBroker({ host: '127.0.0.1', port: 0, cluster: 'ci' });
	t.after(() => broker.close());
	assert.equal(broker.token, undefined);
	const worker = await workerClient(broker, 'w1');
	t.after(() => worker.endAsync());
	assert.ok(worker.connected);
	assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('::1') && isLoopbackHost('localhost') && isLoopbackHost('[::1]'));
	assert.ok(!isLoopbackHost('0.0.0.0') && !isLoopbackHost('::') && !isLoopbackHost('10.0.0.5'));
	assert.ok(tokenMatches(Buffer.from('s3cret'), 's3cret') && !tokenMatches(Buffer.from('s3cre'), 's3cret') && !tokenMatches(undefined, 'x'));
});

void test('with a token: no token and a wrong token are refused, the right one is accepted', async (t) => {
	const broker = await startBroker({ host: '127.0.0.1', port: 0, cluster: 'ci', token: 's3cret' });
	t.after(() => broker.close());
	const refusals: string[] = [];
	broker.onRefusal((r) => refusals.push(r.kind));
	await assert.rejects(workerClient(broker, 'w1'), /Bad username or password|Not authorized/);
	await assert.rejects(workerClient(broker, 'w1', 'guess'), /Bad username or password|Not authorized/);
	await assert.rejects(workerClient(broker, 'drove-master-x', 's3cret'), /Identifier rejected/);
	assert.deepEqual(refusals, ['connect', 'connect', 'connect']);
	const worker = await workerClient(broker, 'w1', 's3cret');
	t.after(() => worker.endAsync());
	assert.ok(worker.connected);
});

void test('a worker publishing to another worker\'s topic or to cmd is cut off and nothing is delivered', async (t) => {
	const broker = await startBroker({ host: '127.0.0.1', port: 0, cluster: 'ci' });
	t.after(() => broker.close());
	const refusals: string[] = [];
	broker.onRefusal((r) => refusals.push(`${r.kind} ${r.clientId}`));
	const master = await masterClient(broker);
	t.after(() => master.endAsync());
	const seen: string[] = [];
	master.on('message', (topic) => seen.push(topic));
	await master.subscribeAsync([`${topics.root}/#`]);
	const victim = await workerClient(broker, 'w2');
	t.after(() => victim.endAsync());
	const victimSeen: string[] = [];
	victim.on('message', (topic) => victimSeen.push(topic));
	await victim.subscribeAsync([topics.cmdAll, topics.cmd('w2')]);

	for (const topic of [topics.worker('w2', 'stats'), topics.cmdAll, topics.cmd('w2'), topics.masterStatus, 'drove/other/worker/w1/stats']) {
		const rogue = await workerClient(broker, 'w1');
		const closed = new Promise<void>((resolve) => rogue.once('close', () => resolve()));
		rogue.publish(topic, 'forged', { qos: 1 });
		await closed;
		await rogue.endAsync(true);
	}
	// Its own topics are fine, and the master (privileged) may command anyone.
	const honest = await workerClient(broker, 'w1');
	t.after(() => honest.endAsync());
	await honest.publishAsync(topics.worker('w1', 'heartbeat'), 'ok', { qos: 1 });
	await master.publishAsync(topics.cmd('w2'), 'go', { qos: 1 });
	await until(() => seen.includes(topics.worker('w1', 'heartbeat')) && victimSeen.includes(topics.cmd('w2')), 'honest messages');
	assert.deepEqual(seen.filter((topic) => topic.startsWith(`${topics.root}/`) && topic !== topics.worker('w1', 'heartbeat') && topic !== topics.cmd('w2')), []);
	assert.deepEqual(victimSeen, [topics.cmd('w2')]);
	assert.equal(refusals.filter((r) => r === 'publish w1').length, 5);
});

void test('a worker may not subscribe to other workers\' topics; the subscription is negated, not the connection', async (t) => {
	const broker = await startBroker({ host: '127.0.0.1', port: 0, cluster: 'ci' });
	t.after(() => broker.close());
	const refusals: string[] = [];
	broker.onRefusal((r) => refusals.push(r.kind));
	const worker = await workerClient(broker, 'w1');
	t.after(() => worker.endAsync());
	// mqtt.js turns a SUBACK of 0x80 into a rejection carrying the packet.
	await assert.rejects(
		worker.subscribeAsync([topics.anyWorker('stats'), topics.cmd('w2'), `${topics.root}/#`, topics.cmd('w1')]),
		(error: Error & { packet?: { granted?: number[] } }) => JSON.stringify(error.packet?.granted) === '[128,128,128,0]',
	);
	assert.deepEqual(refusals, ['subscribe', 'subscribe', 'subscribe']);
	const granted = await worker.subscribeAsync([topics.cmd('w1'), topics.cmdAll, topics.masterAll]);
	assert.deepEqual(granted.map((g) => g.qos), [0, 0, 0]);
	assert.ok(worker.connected);
});

void test('a taken port is one clear line', async (t) => {
	const first = await startBroker({ host: '127.0.0.1', port: 0 });
	t.after(() => first.close());
	await assert.rejects(startBroker({ host: '127.0.0.1', port: first.port }), (error: Error & { code?: string }) => error.code === 'BROKER_LISTEN' && /is in use/.test(error.message));
});

void test('TLS: a worker trusting the self-signed certificate connects over mqtts://; one that does not is refused by its own TLS check', async (t) => {
	const certificate = await makeSelfSignedCertificate();
	t.after(() => certificate.cleanup());
	const broker = await startBroker({ host: '127.0.0.1', port: 0, cluster: 'ci', token: 'tok', tls: { cert: certificate.cert, key: certificate.key } });
	t.after(() => broker.close());
	assert.equal(broker.protocol, 'mqtts');
	const url = `mqtts://127.0.0.1:${broker.port}`;
	const worker = await mqtt.connectAsync(url, { clientId: 'w1', username: 'drove', password: 'tok', ca: certificate.cert, reconnectPeriod: 0 });
	t.after(() => worker.endAsync());
	assert.ok(worker.connected);
	await worker.publishAsync(topics.worker('w1', 'heartbeat'), 'over tls', { qos: 1 });
	await assert.rejects(mqtt.connectAsync(url, { clientId: 'w2', username: 'drove', password: 'tok', reconnectPeriod: 0, connectTimeout: 5000 }), /self[- ]signed|certificate/i);
});

void test('the master\'s direct path: worker publishes that pass the rules reach it (Last Wills too), refused ones do not; its own publishes reach workers, retained ones late joiners', async (t) => {
	const broker = await startBroker({ host: '127.0.0.1', port: 0, cluster: 'ci' });
	t.after(() => broker.close());
	const heard: string[] = [];
	await broker.subscribeDirect([topics.anyWorker('heartbeat'), topics.anyWorker('status')], (topic, payload) => heard.push(`${topic} ${payload.toString()}`));

	const rogue = await workerClient(broker, 'w9');
	const cut = new Promise<void>((resolve) => rogue.once('close', () => resolve()));
	rogue.publish(topics.worker('w1', 'heartbeat'), 'forged', { qos: 1 });
	await cut;
	await rogue.endAsync(true);

	const worker = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
		clientId: 'w1',
		username: 'drove',
		reconnectPeriod: 0,
		will: { topic: topics.worker('w1', 'status'), payload: Buffer.from('gone'), qos: 1, retain: true },
	});
	await worker.publishAsync(topics.worker('w1', 'heartbeat'), 'beat', { qos: 1 });
	await worker.publishAsync(topics.worker('w1', 'heartbeat'), 'beat0', { qos: 0 });
	await until(() => heard.length >= 2, 'the worker\'s heartbeats');
	// A dropped connection fires the Last Will, which the broker itself publishes.
	worker.stream.destroy();
	await until(() => heard.length >= 3, 'the Last Will');
	assert.deepEqual(heard, [`${topics.worker('w1', 'heartbeat')} beat`, `${topics.worker('w1', 'heartbeat')} beat0`, `${topics.worker('w1', 'status')} gone`]);

	const listener = await workerClient(broker, 'w2');
	t.after(() => listener.endAsync());
	const got: string[] = [];
	listener.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`));
	await listener.subscribeAsync([topics.cmd('w2')], { qos: 1 });
	broker.publishDirect(topics.cmd('w2'), Buffer.from('go'), 1, false);
	broker.publishDirect(topics.masterStatus, Buffer.from('online'), 1, true);
	await until(() => got.length >= 1, 'the command');
	// Retained: a worker subscribing afterwards still gets it.
	await listener.subscribeAsync([topics.masterStatus], { qos: 1 });
	await until(() => got.length >= 2, 'the retained status');
	assert.deepEqual(got, [`${topics.cmd('w2')} go`, `${topics.masterStatus} online`]);
});
