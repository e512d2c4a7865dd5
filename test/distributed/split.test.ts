import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startTarget } from '../../fixtures/target.ts';
import { activeWorkers, classUsers, spawnMaster, spawnWorker, weightedPlan } from './harness.ts';

void test('a master and three workers split 100 users 34/33/33 by weight, and every request is counted exactly once, also across a reconnect', async (t) => {
	const target = await startTarget();
	t.after(() => target.close());
	const master = await spawnMaster({ planPath: weightedPlan, port: 0, cluster: 'split', targetUrl: target.url, users: 100, spawnRate: 200 }, t);
	// The third worker has no plan of its own: it runs the one the master ships.
	const workers = [weightedPlan, weightedPlan, undefined].map((planPath) => spawnWorker({ url: master.url, cluster: 'split', planPath }, t));
	await master.waitFor((r) => activeWorkers(r).length === 3, 'three workers');
	master.send({ cmd: 'start' });

	const running = await master.waitFor((r) => r.runState === 'running', 'the fleet to hold 100 users');
	assert.deepEqual(running.workers.map((w) => w.userCount).sort(), [33, 33, 34]);
	assert.equal(classUsers(running, 'reader'), 75);
	assert.equal(classUsers(running, 'writer'), 25);
	for (const name of ['reader', 'writer']) {
		const per = running.workers.map((w) => w.users[name] ?? 0);
		assert.ok(Math.max(...per) - Math.min(...per) <= 1, `${name}: ${per.join('/')}`);
	}

	// Force a reconnect: a client taking the worker's id takes over its session [MQTT-3.1.4-2].
	await master.waitFor((r) => r.totalRequests > 100, 'requests');
	const victim = workers[0]?.last?.id;
	assert.ok(victim);
	const impostor = await mqtt.connectAsync(master.url, { clientId: victim, reconnectPeriod: 0 });
	await impostor.endAsync();
	await master.waitFor((r) => r.log.some((line) => line.includes(`worker ${victim} rejoined`)), 'the worker to reconnect');
	const before = master.last?.totalRequests ?? 0;
	await master.waitFor((r) => r.runState === 'running' && r.totalRequests > before + 100, 'more requests after the reconnect');

	master.send({ cmd: 'stop' });
	const stopped = (await master.message('stopped')) as unknown as NonNullable<typeof master.last>;
	for (const worker of workers) await worker.waitFor((r) => r.state === 'stopped', 'worker stopped');
	const perWorker = Object.values(stopped.workerRequests).reduce((a, b) => a + b, 0);
	assert.equal(perWorker, stopped.totalRequests);
	for (const worker of workers) {
		const id = worker.last?.id ?? '';
		assert.equal(stopped.workerRequests[id], worker.last?.recorded, `worker ${id}: master counted what it recorded`);
	}
	assert.equal(stopped.malformed, 0);
	master.send({ cmd: 'quit' });
	assert.equal(await master.exited, 0);
	for (const worker of workers) assert.equal(await worker.exited, 0);
});
