// The Mosquitto config and ACL shipped in deploy/kubernetes/broker/ hold the same line as the
// embedded broker: only the master commands, a worker writes only under its own id and reads
// only the master's topics and its own commands. Run against a real Mosquitto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { mosquittoMissing, startMosquitto } from '../helpers/mosquitto.ts';

const dir = new URL('../../deploy/kubernetes/broker/mosquitto/', import.meta.url);
const aclPath = fileURLToPath(new URL('acl', dir));

/** The deploy config's own settings; where to listen, log and find files is the helper's. */
function deployedSettings(): string[] {
	const own = /^(listener|password_file|acl_file|log_dest|log_type|connection_messages|persistence|allow_anonymous)\b/;
	return readFileSync(new URL('mosquitto.conf', dir), 'utf8')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#') && !own.test(line));
}

const master = { username: 'drove-master', password: 'master-secret' };
const worker = { username: 'drove-worker', password: 'worker-secret' };

void test('the deployed Mosquitto ACL lets only the master command and keeps each worker to its own topics', { skip: mosquittoMissing }, async (t) => {
	const broker = await startMosquitto({ auth: master, moreUsers: [worker], extraConfig: [...deployedSettings(), `acl_file ${aclPath}`] });
	t.after(() => broker.stop());
	const connect = async (clientId: string, login: IClientOptions): Promise<MqttClient> => {
		const client = await mqtt.connectAsync(broker.url, { clientId, protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 10_000, ...login });
		t.after(() => client.endAsync(true));
		return client;
	};
	const root = 'drove/team-a';

	// The master sees everything its cluster publishes.
	const seenByMaster: string[] = [];
	const m = await connect('drove-master-1', master);
	await m.subscribeAsync(`${root}/#`, { qos: 1 });
	const masterGot = (topic: string): Promise<void> =>
		new Promise((resolve) => m.on('message', (got) => got === topic && resolve()));
	m.on('message', (topic) => seenByMaster.push(topic));

	// Worker w1: its own topics and commands, and the master's.
	const w1 = await connect('w1', worker);
	const seenByW1: string[] = [];
	w1.on('message', (topic) => seenByW1.push(topic));
	const granted = await w1.subscribeAsync([`${root}/master/+`, `${root}/cmd/all`, `${root}/cmd/w1`], { qos: 1 });
	assert.deepEqual(granted.map((g) => g.qos), [1, 1, 1], 'a worker may read the master and its commands');

	// Mosquitto grants any subscription and applies read rules as it delivers: w1 may subscribe
	// to other workers' stats and commands, but receives none of them (checked below).
	await w1.subscribeAsync([`${root}/worker/+/stats`, `${root}/cmd/w2`], { qos: 1 });

	// Publishing: the command topic and another worker's topics are refused, its own is not.
	for (const topic of [`${root}/cmd/all`, `${root}/cmd/w2`, `${root}/worker/w2/stats`, `${root}/master/status`]) {
		await assert.rejects(w1.publishAsync(topic, 'forged', { qos: 1 }), /Not authorized/i, `w1 may not publish to ${topic}`);
	}
	const own = masterGot(`${root}/worker/w1/stats`);
	await w1.publishAsync(`${root}/worker/w1/stats`, 'mine', { qos: 1 });
	await own;
	// Messages from one client arrive in order, so nothing forged can still be on its way.
	assert.deepEqual(seenByMaster.filter((topic) => !topic.startsWith(`${root}/worker/w1/`)), []);

	// The master commands w1; w1 hears its commands and nothing of another worker's. All from
	// one publisher, so they arrive in order: when cmd/w1 is in, the others would be too.
	const w1Heard = new Promise<void>((resolve) => w1.on('message', (topic) => topic === `${root}/cmd/w1` && resolve()));
	await m.publishAsync(`${root}/worker/w2/stats`, 'w2 stats', { qos: 1 });
	await m.publishAsync(`${root}/cmd/w2`, 'for w2', { qos: 1 });
	await m.publishAsync(`${root}/cmd/all`, 'everyone', { qos: 1 });
	await m.publishAsync(`${root}/cmd/w1`, 'for w1', { qos: 1 });
	await w1Heard;
	assert.deepEqual(seenByW1, [`${root}/cmd/all`, `${root}/cmd/w1`]);

	// Without a login, nobody gets in.
	await assert.rejects(mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 10_000 }), /Not authorized|Bad User Name or Password/i);
});
