import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stopUser } from '../../source/index.ts';
import { spawningComplete, useEngine, userClass } from '../helpers/engine.ts';

/** Resolves once `check` holds, polling the engine's own state (no target, no network). */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

void test('stopUser(): the user stops after its task, onStop runs, the engine does not replace it, no exception', async (t) => {
	const stops: number[] = [];
	let runs = 0;
	const cls = userClass('quitter', {
		tasks: {
			once: async (ctx) => {
				runs++;
				await ctx.sleep(0.01);
				if (ctx.userId < 2) stopUser();
			},
		},
		onStop: (ctx) => {
			stops.push(ctx.userId);
		},
	});
	const { engine, sink } = useEngine(t, [cls]);
	const complete = spawningComplete(engine);
	engine.setTarget({ quitter: 4 }, Infinity);
	await complete;
	await until(() => stops.length === 2, 'two users to stop themselves');
	assert.deepEqual(stops.sort(), [0, 1]);
	assert.deepEqual(engine.stoppedByPlan(), { quitter: 2 });
	assert.equal(engine.userCounts()['quitter'], 2, 'two left, not replaced');
	const before = runs;
	await until(() => runs > before + 10, 'the others to keep running');
	assert.equal(engine.userCounts()['quitter'], 2);
	assert.equal(sink.exceptions.length, 0, 'stopUser is not an exception');
	await engine.stop();
	assert.deepEqual(stops.sort(), [0, 1, 2, 3]);
});

void test('stopUser() in onStart: no task runs, onStop still does', async (t) => {
	let tasks = 0;
	let stopped = 0;
	const cls = userClass('early', {
		onStart: () => stopUser(),
		tasks: { never: () => void tasks++ },
		onStop: () => void stopped++,
	});
	const { engine } = useEngine(t, [cls]);
	engine.setTarget({ early: 3 }, Infinity);
	await until(() => stopped === 3, 'three onStop calls');
	assert.equal(tasks, 0);
	assert.deepEqual(engine.stoppedByPlan(), { early: 3 });
	assert.equal(engine.userCount, 0);
});
