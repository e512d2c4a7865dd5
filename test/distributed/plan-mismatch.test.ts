import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeWorkers, otherPlan, spawnMaster, spawnWorker, weightedPlan } from './harness.ts';

const told = /^worker (\S+) was started with its own plan \(hash [0-9a-f]{8}\), not the master's \([0-9a-f]{8}\): it was told to run the master's$/;
const runsOwn = /^worker (\S+) was started with its own plan \(hash [0-9a-f]{8}\), not the master's \([0-9a-f]{8}\), and runs its own \(--allow-plan-mismatch\)$/;

void test('a worker with a different -f plan: both sides say so; it runs the master\'s, or its own with --allow-plan-mismatch', async (t) => {
	const master = await spawnMaster({ planPath: weightedPlan, port: 0, cluster: 'mismatch', targetUrl: 'http://127.0.0.1:9', users: 0, spawnRate: 1 }, t);
	const obedient = spawnWorker({ url: master.url, cluster: 'mismatch', planPath: otherPlan }, t);
	const stubborn = spawnWorker({ url: master.url, cluster: 'mismatch', planPath: otherPlan, allowPlanMismatch: true }, t);
	const same = spawnWorker({ url: master.url, cluster: 'mismatch', planPath: weightedPlan }, t);
	const report = await master.waitFor((r) => activeWorkers(r).length === 3 && r.log.some((l) => told.test(l)) && r.log.some((l) => runsOwn.test(l)), 'three workers and both lines');
	const ids = await Promise.all([obedient, stubborn, same].map(async (w) => (await w.waitFor((r) => r.state === 'ready', 'ready')).id));
	const toldLines = report.log.filter((l) => told.test(l));
	const ownLines = report.log.filter((l) => runsOwn.test(l));
	// One line each, naming the right worker; nothing about the worker whose plan matches.
	assert.deepEqual(toldLines.map((l) => told.exec(l)?.[1]), [ids[0]]);
	assert.deepEqual(ownLines.map((l) => runsOwn.exec(l)?.[1]), [ids[1]]);
	assert.ok(!report.log.some((l) => l.includes(ids[2] as string) && l.includes('plan')));
	// The workers' side.
	assert.match(obedient.stderr.join(''), /differs from the master's \(hash [0-9a-f]{8} vs [0-9a-f]{8}\): running the master's plan; pass --allow-plan-mismatch/);
	assert.match(stubborn.stderr.join(''), /differs from the master's .*: running its own \(--allow-plan-mismatch\)/);
	master.send({ cmd: 'quit' });
	assert.equal(await master.exited, 0);
});
