// mqtt-packet fills, on its first write, a table of 65,536 two-byte Buffers (6.5 MB of heap) unless
// told not to. Drove's broker and clients tell it not to (see noNumberCache in
// protocol/client-options.ts). Its own file: the setting is one per process and module.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import mqtt, { MqttClient } from 'mqtt';
import { startBroker } from '../../source/broker/embedded-broker.ts';
import { clientOptions } from '../../source/protocol/client-options.ts';
import { Topics } from '../../source/protocol/topics.ts';

// The mqtt-packet Aedes writes with: the one copy, which mqtt.js and embedded-broker.ts import too.
const require = createRequire(import.meta.url);
const aedesPacket = createRequire(require.resolve('aedes'))('mqtt-packet') as unknown;
const packet = require('mqtt-packet') as { writeToStream: { cacheNumbers: boolean } };
const numbers = require('mqtt-packet/numbers.js') as { cache: Record<number, Buffer> };

void test('the broker and a worker client move QoS 1 messages without building the number cache', async (t) => {
	const topics = new Topics('ci');
	const broker = await startBroker({ host: '127.0.0.1', port: 0, cluster: 'ci' });
	t.after(() => broker.close());
	assert.equal(aedesPacket, packet, 'Aedes writes with the mqtt-packet the broker configures');
	assert.equal(packet.writeToStream.cacheNumbers, false, 'the broker turned the cache off');
	const options = clientOptions({ url: `mqtt://127.0.0.1:${broker.port}` }, 'w1', { reconnectPeriod: 0 });
	assert.equal(options.writeCache, false);
	const worker = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, options);
	t.after(() => worker.endAsync());
	await worker.subscribeAsync(topics.cmd('w1'), { qos: 1 });
	// The worker publishes at QoS 1 (a message id to write), and the broker writes a PUBACK.
	await worker.publishAsync(topics.worker('w1', 'stats'), 'x', { qos: 1 });
	const received = new Promise<string>((resolve) => worker.once('message', (topic) => resolve(topic)));
	// The master's client publishes at QoS 1; the broker writes it to the worker (topic length, message id).
	const master = new MqttClient(() => broker.connectInternal(), { clientId: 'drove-master-test', reconnectPeriod: 0 });
	t.after(() => master.endAsync());
	await new Promise<void>((resolve) => master.once('connect', () => resolve()));
	await master.publishAsync(topics.cmd('w1'), 'y', { qos: 1 });
	assert.equal(await received, topics.cmd('w1'));
	assert.equal(Object.keys(numbers.cache).length, 0, 'no 65,536-entry cache was built');
});
