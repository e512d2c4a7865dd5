import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { makeSelfSignedCertificate } from './tls.ts';
import { freePort } from './free-port.ts';

void test('a self-signed certificate for 127.0.0.1: an MQTT client that trusts it connects, one that does not is refused', async (t) => {
	const certificate = await makeSelfSignedCertificate();
	t.after(() => certificate.cleanup());
	const x509 = new X509Certificate(certificate.cert);
	assert.match(x509.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
	assert.ok(x509.checkPrivateKey((await import('node:crypto')).createPrivateKey(certificate.key)));

	// A real MQTT broker (aedes) behind a TLS server made with the certificate.
	const broker = await Aedes.createBroker();
	const server = createServer({ cert: certificate.cert, key: certificate.key }, broker.handle);
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.after(() => new Promise<void>((resolve) => broker.close(() => server.close(() => resolve()))));
	const url = `mqtts://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const options = { reconnectPeriod: 0, connectTimeout: 10_000 };
	await assert.rejects(mqtt.connectAsync(url, options), /self[- ]signed certificate/i);
	const trusted = await mqtt.connectAsync(url, { ...options, ca: certificate.cert });
	assert.equal(trusted.connected, true);
	await trusted.endAsync();
});

void test('freePort gives a loopback port nobody holds', async () => {
	const port = await freePort();
	assert.ok(port > 0 && port < 65536);
	const server = createServer({});
	server.listen(port, '127.0.0.1');
	await once(server, 'listening');
	await new Promise<void>((resolve) => server.close(() => resolve()));
});
