import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startMaster } from '../../source/master/master-runtime.ts';
import type { MasterRuntime } from '../../source/master/master-runtime.ts';
import { startWorker } from '../../source/worker/worker-runtime.ts';
import type { WorkerHandle, WorkerOptions } from '../../source/worker/worker-runtime.ts';
import { Topics } from '../../source/protocol/topics.ts';
import { FakeEngine, fakePlan, recorded } from './fake-engine.ts';

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

async function master(t: { after(fn: () => unknown): void }, extra: Partial<Parameters<typeof startMaster>[0]> = {}): Promise<MasterRuntime> {
	const m = await startMaster({ plan: fakePlan, bind: { host: '127.0.0.1', port: 0 }, cluster: 'rt', spawnRate: 100, ...extra });
	t.after(() => m.quit());
	return m;
}

function worker(t: { after(fn: () => unknown): void }, m: MasterRuntime, extra: Partial<WorkerOptions> = {}): WorkerHandle {
	const w = startWorker({ broker: { url: m.url }, cluster: 'rt', plan: fakePlan, createEngine: (args) => new FakeEngine(args), statsIntervalMs: 200, ...extra });
	t.after(() => w.quit());
	return w;
}

void test('two workers split the users by weight, run, stop, and every request is counted once', async (t) => {
	const m = await master(t, { users: 10 });
	const w1 = worker(t, m);
	const w2 = worker(t, m);
	await m.waitForWorkers(2, 15_000);
	m.start();
	await until(() => m.getState().runState === 'running', 'running');
	const workers = m.getState().workers;
	assert.deepEqual(workers[w1.id]?.users, { A: 4, B: 1 });
	assert.deepEqual(workers[w2.id]?.users, { A: 4, B: 1 });
	await until(() => m.snapshot().aggregated.requests > 500, 'some requests');
	await m.stopUsers();
	assert.equal(m.getState().runState, 'stopped');
	const snapshot = m.snapshot();
	assert.equal(snapshot.aggregated.requests, recorded.requests);
	assert.equal(snapshot.workers.reduce((sum, w) => sum + w.requests, 0), snapshot.aggregated.requests);
	assert.equal(m.getState().malformed, 0);
	// Start again after a stop: every worker gets its users back.
	m.start();
	await until(() => m.getState().runState === 'running' && Object.values(m.getState().workers).every((w) => w.userCount === 5), 'running again');
});

void test('a worker of another protocol major is refused with a clear line on both sides', async (t) => {
	const m = await master(t);
	const lines: string[] = [];
	const w = worker(t, m, { protocolVersion: '2.0', log: (_level, text) => lines.push(text) });
	assert.equal(await w.done, 3);
	assert.match(lines.join('\n'), /master speaks Drove protocol 1\.\d+, this worker 2\.0/);
	await until(() => m.getState().log.some((l) => /refused: speaks Drove protocol 2\.0/.test(l.text)), 'master log');
	assert.ok(m.getState().malformed >= 1);
	assert.ok(m.getState().log.some((l) => /dropped a version message on worker-hello/.test(l.text)), 'the drop logged with its reason');
});

void test('malformed payloads on every worker topic are counted and dropped; the master keeps running', async (t) => {
	const m = await master(t);
	const topics = new Topics('rt');
	const rogue = await mqtt.connectAsync(m.url, { clientId: 'rogue', reconnectPeriod: 0 });
	t.after(() => rogue.endAsync());
	const leaves = ['hello', 'status', 'heartbeat', 'stats', 'custom'] as const;
	for (const leaf of leaves) {
		await rogue.publishAsync(topics.worker('rogue', leaf), '{not json', { qos: 1 });
		await rogue.publishAsync(topics.worker('rogue', leaf), JSON.stringify({ v: '1.0', type: 'stats', workerId: 'rogue' }), { qos: 1 });
	}
	await until(() => m.getState().malformed === 10, 'ten drops');
	const drops = m.getState().log.filter((l) => l.text.startsWith('dropped a '));
	for (const leaf of leaves) assert.equal(drops.filter((l) => l.text.includes(` on worker-${leaf} `)).length, 2, leaf);
	// Still alive: a real worker joins afterwards.
	const w = worker(t, m);
	await m.waitForWorkers(1, 15_000);
	assert.ok(m.getState().workers[w.id]);
});

void test('custom messages go master to one worker, to all, and worker to master', async (t) => {
	const m = await master(t);
	const w1 = worker(t, m);
	const w2 = worker(t, m);
	await m.waitForWorkers(2, 15_000);
	const got: string[] = [];
	w1.onMessage('hi', (data, from) => got.push(`w1 ${JSON.stringify(data)} ${from}`));
	w2.onMessage('hi', (data, from) => got.push(`w2 ${JSON.stringify(data)} ${from}`));
	m.onMessage('back', (data, from) => got.push(`master ${JSON.stringify(data)} ${from === w1.id ? 'w1' : from}`));
	m.sendMessage('hi', { n: 1 }, { to: w1.id });
	await until(() => got.length === 1, 'one');
	m.sendMessage('hi', 2);
	w1.sendMessage('back', [3]);
	await until(() => got.length === 4, 'all');
	assert.deepEqual(got.sort(), ['master [3] w1', 'w1 2 master', 'w1 {"n":1} master', 'w2 2 master']);
});

void test('a worker without the master\'s token is refused and says what to do; with it, it joins', async (t) => {
	const m = await master(t, { token: 's3cret' });
	assert.equal(m.token, 's3cret');
	const lines: string[] = [];
	const refused = worker(t, m, { log: (_level, text) => lines.push(text) });
	assert.equal(await refused.done, 2);
	assert.match(lines.join('\n'), /refused this worker's token: pass the master's token with --token or DROVE_TOKEN/);
	await until(() => m.getState().refused >= 1, 'the refusal counted');
	const admitted = worker(t, m, { broker: { url: m.url, token: 's3cret' } });
	await m.waitForWorkers(1, 15_000);
	assert.ok(m.getState().workers[admitted.id]);
});

void test('with --broker, a refused login names the broker and the --broker URL, not the master\'s token', async (t) => {
	// The master's embedded broker with a token stands in for an existing broker that checks logins.
	const m = await master(t, { token: 's3cret' });
	const lines: string[] = [];
	const url = new URL(m.url);
	url.username = 'someone';
	url.password = 'wrong';
	const refused = worker(t, m, { broker: { url: url.href }, externalBroker: true, log: (_level, text) => lines.push(text) });
	assert.equal(await refused.done, 2);
	const said = lines.join('\n');
	assert.match(said, /the broker at mqtt:\/\/127\.0\.0\.1:\d+ refused this worker's login \(bad user name or password\): check the user name and password in the --broker URL/);
	assert.doesNotMatch(said, /token|someone|wrong/);
});

void test('partition slots: when the first of four workers quits, only the last moves into its index', async (t) => {
	const m = await master(t, { users: 8 });
	const fleet: WorkerHandle[] = [];
	// One at a time, so the join order (and so the first slots) is known.
	for (let i = 0; i < 4; i++) {
		fleet.push(worker(t, m));
		await m.waitForWorkers(i + 1, 15_000);
	}
	m.start();
	await until(() => fleet.every((w, i) => w.worker.index === i && w.worker.count === 4), 'slots 0..3 of 4');
	const [first, ...rest] = fleet as [WorkerHandle, ...WorkerHandle[]];
	assert.equal(await first.quit(), 0);
	await until(() => rest.every((w) => w.worker.count === 3), 'a fleet of 3');
	assert.deepEqual(rest.map((w) => w.worker.index), [1, 2, 0]);
});

void test('with --tags the master dispatches only the classes that keep a task', async (t) => {
	const tagged = {
		...fakePlan,
		userClasses: [
			{ name: 'A', weight: 1, tasks: [{ name: 'a', weight: 1, tags: ['x'], steps: [] }], sequential: false },
			{ name: 'B', weight: 1, tasks: [{ name: 'b', weight: 1, tags: ['y'], steps: [] }], sequential: false },
		],
	} as typeof fakePlan;
	const m = await master(t, { plan: tagged, users: 4, tags: ['x'] });
	const w = worker(t, m);
	await m.waitForWorkers(1, 15_000);
	m.start();
	await until(() => m.getState().runState === 'running', 'running');
	assert.deepEqual(m.getState().workers[w.id]?.users, { A: 4 });
});

void test('a spawn rate change mid-ramp reaches every worker at once, not at the next membership change', async (t) => {
	const rates = new Map<number, number[]>();
	let engines = 0;
	/** Ramps forever: reports no users, so the master stays `spawning`. */
	class RampingEngine extends FakeEngine {
		private readonly seen: number[] = [];
		constructor(args: ConstructorParameters<typeof FakeEngine>[0]) {
			super(args);
			rates.set(engines++, this.seen);
		}
		override setTarget(counts: Record<string, number>, rate?: number): void {
			this.seen.push(rate ?? 0);
			this.state = 'spawning';
		}
	}
	const m = await master(t, { users: 10, spawnRate: 2 });
	worker(t, m, { createEngine: (args) => new RampingEngine(args) });
	worker(t, m, { createEngine: (args) => new RampingEngine(args) });
	await m.waitForWorkers(2, 15_000);
	m.start();
	await until(() => rates.size === 2 && [...rates.values()].every((seen) => seen.at(-1) === 1), 'both ramping at 1/s (2/s for the fleet)');
	assert.equal(m.getState().runState, 'spawning');
	m.setSpawnRate(40);
	await until(() => [...rates.values()].every((seen) => seen.at(-1) === 20), 'both ramping at 20/s (40/s for the fleet)');
	assert.equal(m.getState().spawnRate, 40);
});
