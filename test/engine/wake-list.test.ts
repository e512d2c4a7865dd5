import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constant } from '../../source/index.ts';
import { WakeList, type Waiter } from '../../source/engine/wake-list.ts';
import { useEngine, userClass } from '../helpers/engine.ts';

/** Ref'd timers of this process (Node lists each as 'Timeout'). */
const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** A waiter that resolves `woken` with the order it was woken in. */
function waiter(order: string[], name: string): Waiter & { woken: Promise<void> } {
	let done!: () => void;
	const woken = new Promise<void>((resolve) => (done = resolve));
	return {
		wakeAt: Number.NaN,
		woken,
		endWait() {
			order.push(name);
			done();
		},
	};
}

void test('wake list: waiters wake in the order of their times, on one timer', async () => {
	const list = new WakeList();
	const order: string[] = [];
	const before = timers();
	const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => waiter(order, name));
	list.add(c!, 60);
	list.add(a!, 20);
	list.add(d!, 80);
	list.add(b!, 40);
	assert.equal(list.size, 4);
	assert.equal(timers() - before, 1, 'one timer for four waits');
	await Promise.all([a!.woken, b!.woken, c!.woken, d!.woken]);
	assert.deepEqual(order, ['a', 'b', 'c', 'd']);
	assert.equal(list.size, 0);
	assert.equal(timers(), before, 'no timer once nobody waits');
});

void test('wake list: a forgotten waiter is not woken, and the last one forgotten clears the timer', async () => {
	const list = new WakeList();
	const order: string[] = [];
	const before = timers();
	const [early, late] = ['early', 'late'].map((name) => waiter(order, name));
	list.add(early!, 10);
	list.add(late!, 30);
	list.forget(early!);
	list.forget(early!); // twice is once
	assert.equal(list.size, 1);
	await late!.woken;
	assert.deepEqual(order, ['late']);

	const stopped = waiter(order, 'stopped');
	list.add(stopped, 60_000);
	assert.equal(timers() - before, 1);
	list.forget(stopped);
	assert.equal(list.size, 0);
	assert.equal(timers(), before, 'a stopped engine holds no timer');
});

void test('wake list: a waiter added again waits for its new time only', async () => {
	const list = new WakeList();
	const order: string[] = [];
	const w = waiter(order, 'w');
	const other = waiter(order, 'other');
	list.add(w, 10);
	list.add(w, 50);
	list.add(other, 30);
	assert.equal(list.size, 2);
	await Promise.all([w.woken, other.woken]);
	assert.deepEqual(order, ['other', 'w'], 'woken once, at its second time');
});

void test('users waiting between tasks share one timer, and stopping ends their waits', async (t) => {
	const cls = userClass('u', { waitTime: constant(60), tasks: { tick: ({ record }) => record('tick', 0) } });
	const { engine, sink } = useEngine(t, [cls]);
	const before = timers();
	engine.setTarget({ u: 20 }, 0);
	await sink.until(() => sink.named('tick').length >= 20, 20_000, 'every user ran its task once');
	// Twenty users in their 60 s wait: a timer each would be 20; the rest is the engine's own.
	assert.ok(timers() - before < 10, `${timers() - before} timers for 20 waiting users`);
	const stopping = Date.now();
	await engine.stop();
	assert.ok(Date.now() - stopping < 30_000, 'stopping ends the waits at once');
	assert.equal(sink.named('tick').length, 20, 'no user ran a second task');
});
