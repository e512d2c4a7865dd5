import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { mosquittoMissing, startMosquitto } from './mosquitto.ts';
import { makeSelfSignedCertificate } from './tls.ts';

type After = { after(fn: () => unknown): void };

/** One connect attempt; the client is ended after the test. */
async function connect(t: After, url: string, options: IClientOptions = {}): Promise<MqttClient> {
	const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 10_000, ...options });
	t.after(() => client.endAsync(true));
	return client;
}

/** Publishes on one client and resolves with what another receives. */
async function roundTrip(publisher: MqttClient, subscriber: MqttClient, topic: string, payload: string): Promise<string> {
	const received = new Promise<string>((resolve) => {
		subscriber.on('message', (got, message) => {
			if (got === topic) resolve(message.toString('utf8'));
		});
	});
	await subscriber.subscribeAsync(topic, { qos: 1 });
	await publisher.publishAsync(topic, payload, { qos: 1 });
	return received;
}

void test('a real Mosquitto on loopback carries a publish to a subscriber, and stop() cleans up', { skip: mosquittoMissing }, async (t) => {
	const broker = await startMosquitto();
	t.after(() => broker.stop());
	assert.match(broker.url, /^mqtt:\/\/127\.0\.0\.1:\d+$/);
	const a = await connect(t, broker.url);
	const b = await connect(t, broker.url);
	assert.equal(await roundTrip(a, b, 'drove/test/hello', 'hi from a'), 'hi from a');

	await broker.stop();
	await broker.stop(); // twice is fine
	assert.throws(() => process.kill(broker.pid, 0), { code: 'ESRCH' }, 'the broker process is gone');
	assert.match(broker.logs(), /New client connected/, 'logs() holds what the broker said');
});

void test('with a password file, clients without the password are refused', { skip: mosquittoMissing }, async (t) => {
	const auth = { username: 'drove', password: 's3cret pass' };
	const broker = await startMosquitto({ auth });
	t.after(() => broker.stop());
	await assert.rejects(connect(t, broker.url), /Not authorized|Bad User Name or Password|not authorized/i);
	await assert.rejects(connect(t, broker.url, { username: 'drove', password: 'wrong' }), /Not authorized|Bad User Name or Password|not authorized/i);
	// The login URL (what --broker takes) works as is: mqtt.js reads and decodes the credentials.
	assert.match(broker.loginUrl, /^mqtt:\/\/drove:s3cret%20pass@127\.0\.0\.1:\d+$/);
	await (await connect(t, broker.loginUrl)).endAsync();
	const a = await connect(t, broker.url, auth);
	const b = await connect(t, broker.url, auth);
	assert.equal(await roundTrip(a, b, 'drove/test/auth', 'let in'), 'let in');
});

void test('over TLS with a self-signed certificate: trusted with ca, refused without', { skip: mosquittoMissing }, async (t) => {
	const certificate = await makeSelfSignedCertificate();
	t.after(() => certificate.cleanup());
	const broker = await startMosquitto({ tls: certificate });
	t.after(() => broker.stop());
	assert.match(broker.url, /^mqtts:\/\/127\.0\.0\.1:\d+$/);
	await assert.rejects(connect(t, broker.url), /self[- ]signed certificate/i);
	const a = await connect(t, broker.url, { ca: certificate.cert });
	const b = await connect(t, broker.url, { ca: certificate.cert });
	assert.equal(await roundTrip(a, b, 'drove/test/tls', 'sealed'), 'sealed');
	await broker.stop();
	certificate.cleanup();
	assert.equal(existsSync(certificate.dir), false);
});
