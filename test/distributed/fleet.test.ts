import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startTarget } from '../../fixtures/target.ts';
import { Topics } from '../../source/protocol/topics.ts';
import { activeWorkers, spawnMaster, spawnWorker, weightedPlan } from './harness.ts';

void test('a headless master whose expected workers do not come exits with code 3 and says why', async (t) => {
	const master = await spawnMaster({ planPath: weightedPlan, port: 0, cluster: 'expect', targetUrl: 'http://127.0.0.1:9', users: 1, spawnRate: 1, expectWorkers: 2, maxWaitMs: 1500 }, t);
	assert.equal(await master.exited, 3);
	assert.match(master.stderr.join(''), /only 0 of 2 expected workers joined within 2 s/);
});

void test('a worker of another protocol major is refused: both sides say so, the worker exits 3', async (t) => {
	const master = await spawnMaster({ planPath: weightedPlan, port: 0, cluster: 'version', targetUrl: 'http://127.0.0.1:9', users: 1, spawnRate: 1 }, t);
	const worker = spawnWorker({ url: master.url, cluster: 'version', planPath: weightedPlan, protocolVersion: '9.0' }, t);
	assert.equal(await worker.exited, 3);
	assert.match(worker.stderr.join(''), /master speaks Drove protocol 1\.\d+, this worker 9\.0: run the same Drove version on both/);
	await master.waitFor((r) => r.log.some((line) => /refused: speaks Drove protocol 9\.0, this master 1\.\d+/.test(line)), 'the master to refuse it');
	master.send({ cmd: 'quit' });
	assert.equal(await master.exited, 0);
});

void test('a malformed payload on every topic leaves the master running and is counted; forged commands are refused', async (t) => {
	const target = await startTarget();
	t.after(() => target.close());
	const master = await spawnMaster({ planPath: weightedPlan, port: 0, cluster: 'junk', targetUrl: target.url, users: 2, spawnRate: 10 }, t);
	const topics = new Topics('junk');
	const rogue = await mqtt.connectAsync(master.url, { clientId: 'rogue', reconnectPeriod: 0 });
	const junk = ['{nope', '[]', JSON.stringify({ v: '1.0', type: 'hello' }), JSON.stringify({ v: '7.0', type: 'stats' }), 'x'.repeat(5 * 1024 * 1024)];
	const leaves = ['hello', 'status', 'heartbeat', 'stats', 'custom'] as const;
	for (const leaf of leaves) for (const payload of junk) await rogue.publishAsync(topics.worker('rogue', leaf), payload, { qos: 1 });
	const counted = await master.waitFor((r) => r.malformed === leaves.length * junk.length, 'every payload counted');
	const drops = counted.log.filter((line) => line.startsWith('dropped a '));
	for (const leaf of leaves) assert.equal(drops.filter((line) => line.includes(` on worker-${leaf} `)).length, junk.length, leaf);
	// Commands and master topics are not a worker's to publish: the broker cuts it off.
	for (const topic of [topics.cmdAll, topics.masterStatus]) {
		const forger = await mqtt.connectAsync(master.url, { clientId: 'forger', reconnectPeriod: 0 });
		const closed = new Promise<void>((resolve) => forger.once('close', () => resolve()));
		forger.publish(topic, '{}', { qos: 1 });
		await closed;
		forger.end(true);
	}
	await master.waitFor((r) => r.refused === 2, 'two refused publishes');
	await rogue.endAsync();

	// Still alive and working: a worker joins and runs users.
	spawnWorker({ url: master.url, cluster: 'junk', planPath: weightedPlan }, t);
	await master.waitFor((r) => activeWorkers(r).length === 1, 'a worker');
	master.send({ cmd: 'start' });
	await master.waitFor((r) => r.runState === 'running' && r.totalRequests > 0, 'requests');
	master.send({ cmd: 'quit' });
	assert.equal(await master.exited, 0);
});
