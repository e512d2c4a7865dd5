import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, constant, constantPacing, constantThroughput, sequence, task, type WaitTime } from '../../source/index.ts';
import { classTotals } from '../../source/master/dispatcher.ts';
import { engineEvents, useEngine, userClass, spawningComplete } from '../helpers/engine.ts';
import type { TestContext } from 'node:test';

/** Run one user whose task records `tick` (then sleeps `taskSeconds`) and return the gaps between task starts, ms. */
async function gaps(t: TestContext, waitTime: WaitTime, taskSeconds: number, ticks = 8): Promise<number[]> {
	const cls = userClass('u', {
		waitTime,
		tasks: {
			tick: async ({ record, sleep }) => {
				record('tick', 0);
				if (taskSeconds > 0) await sleep(taskSeconds);
			},
		},
	});
	const { engine, sink } = useEngine(t, [cls]);
	engine.setTarget({ u: 1 }, 0);
	await sink.until(() => sink.named('tick').length >= ticks, 20_000, `${ticks} ticks`);
	await engine.stop();
	const at = sink.named('tick').map((r) => r.at);
	return at.slice(1).map((a, i) => a - at[i]!);
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

void test('constant: the task time plus the constant', async (t) => {
	const g = await gaps(t, constant(0.1), 0.05);
	assert.ok(mean(g) > 140 && mean(g) < 1_000, `mean gap ${mean(g)}`);
	assert.ok(Math.min(...g) >= 145, `min gap ${Math.min(...g)}`);
});

void test('constantPacing: one task start per period whatever the task takes', async (t) => {
	const g = await gaps(t, constantPacing(0.2), 0.1);
	assert.ok(mean(g) > 180 && mean(g) < 1_000, `mean gap ${mean(g)}`);
	assert.ok(Math.min(...g) >= 185, `min gap ${Math.min(...g)}`);
});

void test('constantThroughput: tasks per second per user', async (t) => {
	const g = await gaps(t, constantThroughput(5), 0.05);
	assert.ok(mean(g) > 180 && mean(g) < 1_000, `mean gap ${mean(g)}`);
});

void test('between: uniformly between min and max', async (t) => {
	const g = await gaps(t, between(0.05, 0.25), 0, 16);
	assert.ok(Math.min(...g) >= 45, `min gap ${Math.min(...g)}`);
	assert.ok(Math.max(...g) < 2_000, `max gap ${Math.max(...g)}`);
	assert.ok(Math.max(...g) - Math.min(...g) > 30, 'the waits vary');
});

void test('no wait time: tasks back to back, and a task that never awaits cannot starve the event loop', async (t) => {
	let runs = 0;
	const cls = userClass('u', { tasks: { spin: () => void runs++ } });
	const { engine } = useEngine(t, [cls]);
	engine.setTarget({ u: 2 }, 0);
	// Timers firing while the tasks spin show the loop is not starved; how many runs fit in a
	// given time is the machine's business, so the test waits for a count, not a clock.
	const deadline = Date.now() + 60_000;
	let timersFired = 0;
	while (runs <= 1_000 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 10));
		timersFired++;
	}
	await engine.stop();
	assert.ok(runs > 1_000, `${runs} runs`);
	assert.ok(timersFired > 0);
});

void test('sequence: steps run in order, in a loop', async (t) => {
	const step = (name: string) => async ({ record }: { record: (n: string, ms: number) => void }) => record(name, 0);
	const cls = userClass('u', { waitTime: constant(0.001), tasks: sequence([step('a'), step('b'), task(step('c'))]) });
	const { engine, sink } = useEngine(t, [cls]);
	engine.setTarget({ u: 1 }, 0);
	await sink.until(() => sink.requests.length >= 9, 10_000, 'nine steps');
	await engine.stop();
	assert.deepEqual(sink.requests.slice(0, 9).map((r) => r.name).join(''), 'abcabcabc');
});

void test('task weights: picked in proportion, within tolerance', async (t) => {
	const cls = userClass('u', {
		tasks: {
			heavy: task(3, ({ record }) => record('heavy', 0)),
			light: ({ record }) => record('light', 0),
		},
	});
	const { engine, sink } = useEngine(t, [cls]);
	engine.setTarget({ u: 4 }, 0);
	await sink.until(() => sink.requests.length >= 8_000, 10_000, '8000 tasks');
	await engine.stop();
	const ratio = sink.named('heavy').length / sink.named('light').length;
	assert.ok(ratio > 2.6 && ratio < 3.4, `heavy/light ${ratio.toFixed(2)}`);
});

void test('class weights: counts split by weight (fixed first) and spawned interleaved', async (t) => {
	const idle = { waitTime: constant(30), tasks: { idle: () => undefined } };
	const classes = [userClass('admin', { ...idle, fixedCount: 1 }), userClass('browser', { ...idle, weight: 3 }), userClass('buyer', { ...idle, weight: 1 })];
	const counts = classTotals(classes, 41);
	assert.deepEqual(counts, { admin: 1, browser: 30, buyer: 10 });
	const { engine } = useEngine(t, classes);
	// Every start, in order: the ramp's interleaving is exact, whatever a loaded machine's timing.
	const starts = engineEvents(engine, 'user-started', 41);
	const done = spawningComplete(engine);
	engine.setTarget(counts, 200);
	assert.deepEqual(await done, counts);
	const order = (await starts).map(([, name]) => name);
	assert.equal(order.filter((name) => name === 'admin').length, 1);
	// Mid-ramp, browsers and buyers grow together at about 3:1: after 20 of them, each class is
	// within one user of its share (15 and 5), not all browsers first.
	const browsers = order.filter((name) => name !== 'admin').slice(0, 20).filter((name) => name === 'browser').length;
	assert.ok(browsers >= 14 && browsers <= 16, `browsers in the first 20 weighted starts: ${browsers}`);
	await engine.stop();
});
