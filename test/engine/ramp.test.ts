import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineEvents, useEngine, userClass, spawningComplete } from '../helpers/engine.ts';
import { eventually, useTarget } from '../helpers/target.ts';
import { constant } from '../../source/index.ts';

void test('ramps to N at the spawn rate, spread evenly, then holds N', async (t) => {
	const target = await useTarget(t);
	const started: number[] = [];
	const web = userClass('web', {
		waitTime: constant(0.05),
		onStart: () => void started.push(performance.now()),
		tasks: { home: async ({ client }) => void (await client.get('/')) },
	});
	const { engine, sink } = useEngine(t, [web], { host: target.url });
	const states: string[] = [];
	engine.on('state', (s) => states.push(s));
	const done = spawningComplete(engine);
	engine.setTarget({ web: 20 }, 40);
	assert.equal(engine.state, 'spawning');
	assert.deepEqual(await done, { web: 20 });
	assert.equal(engine.state, 'running');
	assert.equal(started.length, 20);
	// 20 users at 40/s: the last starts about 19/40 s = 475 ms after the first, not in one burst.
	const span = started[19]! - started[0]!;
	assert.ok(span > 350 && span < 3_000, `spawn span ${span.toFixed(0)} ms`);
	const gaps = started.slice(1).map((s, i) => s - started[i]!);
	assert.ok(Math.max(...gaps) < 1_000, `largest gap ${Math.max(...gaps).toFixed(0)} ms`);
	// Hold: every user keeps working and the count stays at 20.
	const before = sink.requests.length;
	await sink.until(() => sink.requests.length >= before + 100, 20_000, '100 more requests');
	assert.deepEqual(engine.userCounts(), { web: 20 });
	assert.equal(target.counters.openConnections, 20, 'one keep-alive connection per user');
	await engine.stop();
	assert.equal(engine.state, 'stopped');
	assert.deepEqual(engine.userCounts(), { web: 0 });
	assert.deepEqual(states, ['spawning', 'running', 'stopping', 'stopped']);
	await eventually(() => target.counters.openConnections === 0, 10_000, 'connections closed');
});

void test('ramping down stops the newest users first; stop() stops them all and runs onStop once each', async (t) => {
	const target = await useTarget(t);
	const stoppedIds: number[] = [];
	const web = userClass('web', {
		waitTime: constant(0.02),
		onStop: ({ userId }) => void stoppedIds.push(userId),
		tasks: { home: async ({ client }) => void (await client.get('/')) },
	});
	const { engine } = useEngine(t, [web], { host: target.url });
	const up = spawningComplete(engine);
	engine.setTarget({ web: 10 }, 0);
	await up;
	const stopping: number[] = [];
	engine.on('user-stopping', (id) => stopping.push(id));
	const gone = engineEvents(engine, 'user-stopped', 6);
	const down = spawningComplete(engine);
	engine.setTarget({ web: 4 }, 50);
	assert.deepEqual(await down, { web: 4 });
	assert.deepEqual(stopping, [9, 8, 7, 6, 5, 4], 'newest first');
	// Each finishes its own way out (onStop), so they may be gone in any order on a busy machine.
	const goneIds = (await gone).map(([id]) => id).sort((a, b) => a - b);
	assert.deepEqual(goneIds, [4, 5, 6, 7, 8, 9]);
	assert.deepEqual([...stoppedIds].sort((a, b) => a - b), [4, 5, 6, 7, 8, 9], 'onStop ran before each was gone');
	await engine.stop();
	assert.deepEqual([...stoppedIds].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

void test('stop timeout: running tasks may finish within it, then are cancelled; onStop still runs', async (t) => {
	const finished: string[] = [];
	const stops: number[] = [];
	const slow = (ms: number) =>
		userClass('slow', {
			onStop: ({ userId }) => void stops.push(userId),
			tasks: {
				work: async ({ sleep, record }) => {
					record('started', 0);
					await sleep(ms / 1000);
					finished.push(`${ms}`);
				},
			},
		});

	// 300 ms tasks, 5 s allowed: stop() waits for them to finish.
	const a = useEngine(t, [slow(300)], { stopTimeoutMs: 5_000 });
	a.engine.setTarget({ slow: 3 }, 0);
	await a.sink.until(() => a.sink.named('started').length >= 3, 10_000, 'tasks started');
	await a.engine.stop();
	assert.equal(finished.filter((f) => f === '300').length, 3, 'each running task finished');
	assert.equal(stops.length, 3);

	// 30 s tasks, 200 ms allowed: stop() cancels them after the timeout and returns promptly.
	const b = useEngine(t, [slow(30_000)], { stopTimeoutMs: 200 });
	b.engine.setTarget({ slow: 3 }, 0);
	await b.sink.until(() => b.sink.named('started').length >= 3, 10_000, 'tasks started');
	const t0 = performance.now();
	await b.engine.stop();
	const took = performance.now() - t0;
	assert.ok(took >= 150 && took < 5_000, `stop took ${took.toFixed(0)} ms`);
	assert.equal(finished.filter((f) => f === '30000').length, 0, 'cancelled tasks did not finish');
	assert.equal(stops.length, 6, 'onStop ran for the cancelled users too');
	assert.equal(b.sink.exceptions.length, 0, 'a cancel is not an exception');

	// Default 0: cancelled at once.
	const c = useEngine(t, [slow(30_000)]);
	c.engine.setTarget({ slow: 2 }, 0);
	await c.sink.until(() => c.sink.named('started').length >= 2, 10_000, 'tasks started');
	const t1 = performance.now();
	await c.engine.stop();
	assert.ok(performance.now() - t1 < 2_000);
});

void test('a new target while running re-ramps; stop then start runs a new test', async (t) => {
	const target = await useTarget(t);
	const web = userClass('web', { waitTime: constant(0.05), tasks: { home: async ({ client }) => void (await client.get('/')) } });
	const { engine } = useEngine(t, [web], { host: target.url });
	let done = spawningComplete(engine);
	engine.setTarget({ web: 3 }, 0);
	await done;
	done = spawningComplete(engine);
	engine.setTarget({ web: 6 }, 100);
	assert.deepEqual(await done, { web: 6 });
	await engine.stop();
	done = spawningComplete(engine);
	engine.setTarget({ web: 2 }, 0);
	assert.deepEqual(await done, { web: 2 });
	await engine.stop();
});
