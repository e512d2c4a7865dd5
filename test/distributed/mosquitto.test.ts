import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTarget } from '../../fixtures/target.ts';
import { mosquittoMissing, startMosquitto } from '../helpers/mosquitto.ts';
import { activeWorkers, spawnMaster, spawnWorker, weightedPlan } from './harness.ts';

void test('on a real Mosquitto: two clusters share it without crosstalk; spawn, worker loss and rejoin, stop with every request counted', { skip: mosquittoMissing }, async (t) => {
	const broker = await startMosquitto();
	t.after(() => broker.stop());
	const target = await startTarget();
	t.after(() => target.close());
	const common = { planPath: weightedPlan, port: 0, targetUrl: target.url, spawnRate: 100, brokerUrl: broker.url };
	const alpha = await spawnMaster({ ...common, cluster: 'alpha', users: 10 }, t);
	const beta = await spawnMaster({ ...common, cluster: 'beta', users: 4 }, t);
	const alphaWorkers = [0, 1].map(() => spawnWorker({ url: broker.url, cluster: 'alpha', planPath: weightedPlan }, t));
	const betaWorker = spawnWorker({ url: broker.url, cluster: 'beta' }, t);
	await alpha.waitFor((r) => activeWorkers(r).length === 2, 'alpha workers');
	await beta.waitFor((r) => activeWorkers(r).length === 1, 'beta worker');
	alpha.send({ cmd: 'start' });
	beta.send({ cmd: 'start' });
	const alphaRunning = await alpha.waitFor((r) => r.runState === 'running', 'alpha running');
	const betaRunning = await beta.waitFor((r) => r.runState === 'running', 'beta running');
	assert.deepEqual(alphaRunning.workers.map((w) => w.userCount), [5, 5]);
	assert.deepEqual(betaRunning.workers.map((w) => w.id), [betaWorker.last?.id]);
	assert.equal(betaRunning.workers[0]?.userCount, 4);

	// Loss: the Last Will reaches the master through the external broker.
	const victim = alphaWorkers[0]?.last?.id ?? '';
	const killedAt = Date.now();
	alphaWorkers[0]?.kill('SIGKILL');
	const marked = await alpha.waitFor((r) => r.workers.find((w) => w.id === victim)?.state === 'missing', 'missing', 30_000);
	// Timed on the master's own log entry, not on when this test heard of it (the reports come
	// every 100 ms over IPC, late on a loaded box). The Last Will makes it near-immediate; the
	// 3 s heartbeat rule is the fallback.
	const missingAfterMs = (marked.missingAt[victim] ?? Infinity) - killedAt;
	t.diagnostic(`missing after ${missingAfterMs} ms`);
	assert.ok(missingAfterMs <= 3500, `missing after ${missingAfterMs} ms`);
	await alpha.waitFor((r) => activeWorkers(r).length === 1 && activeWorkers(r)[0]?.userCount === 10, 'users moved');
	// Rejoin: a new worker takes its share.
	const newcomer = spawnWorker({ url: broker.url, cluster: 'alpha', planPath: weightedPlan }, t);
	alphaWorkers.push(newcomer);
	await alpha.waitFor((r) => activeWorkers(r).length === 2 && activeWorkers(r).every((w) => w.userCount === 5), 'rebalanced');
	// By its id: the victim may have died before its first delta, so counting keys proves nothing.
	await alpha.waitFor((r) => (r.workerRequests[newcomer.last?.id ?? ''] ?? 0) > 0, 'stats from the newcomer');

	alpha.send({ cmd: 'stop' });
	const stopped = (await alpha.message('stopped')) as unknown as NonNullable<typeof alpha.last>;
	assert.ok(!stopped.log.some((line) => line.includes('without confirmation')));
	for (const worker of alphaWorkers.slice(1)) {
		await worker.waitFor((r) => r.state === 'stopped', 'stopped');
		assert.equal(stopped.workerRequests[worker.last?.id ?? ''], worker.last?.recorded);
	}
	assert.equal(Object.values(stopped.workerRequests).reduce((a, b) => a + b, 0), stopped.totalRequests);
	// Beta never saw alpha's workers.
	assert.deepEqual(beta.last?.workers.map((w) => w.id), [betaWorker.last?.id]);
	alpha.send({ cmd: 'quit' });
	beta.send({ cmd: 'quit' });
	assert.equal(await alpha.exited, 0);
	assert.equal(await beta.exited, 0);
	assert.equal(await betaWorker.exited, 0);
});
