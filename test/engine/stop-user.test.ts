import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stopUser } from '../../source/index.ts';
import { engineEvents, spawningComplete, useEngine, userClass } from '../helpers/engine.ts';

void test('stopUser(): the user stops after its task, onStop runs, the engine does not replace it, no exception', async (t) => {
	const stops: number[] = [];
	let runs = 0;
	let tenMoreRuns: (() => void) | undefined;
	const cls = userClass('quitter', {
		tasks: {
			once: async (ctx) => {
				runs++;
				tenMoreRuns?.();
				await ctx.sleep(0.01);
				if (ctx.userId < 2) stopUser();
			},
		},
		onStop: (ctx) => {
			stops.push(ctx.userId);
		},
	});
	const { engine, sink } = useEngine(t, [cls]);
	const gone = engineEvents(engine, 'user-stopped', 2);
	const complete = spawningComplete(engine);
	engine.setTarget({ quitter: 4 }, Infinity);
	await complete;
	assert.deepEqual((await gone).map(([id]) => id).sort(), [0, 1], 'two users stopped themselves');
	assert.deepEqual(stops.sort(), [0, 1]);
	assert.deepEqual(engine.stoppedByPlan(), { quitter: 2 });
	assert.equal(engine.userCounts()['quitter'], 2, 'two left, not replaced');
	const before = runs;
	await new Promise<void>((resolve) => (tenMoreRuns = () => runs > before + 10 && resolve()));
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
	const gone = engineEvents(engine, 'user-stopped', 3);
	engine.setTarget({ early: 3 }, Infinity);
	await gone;
	assert.equal(stopped, 3, 'onStop ran for each');
	assert.equal(tasks, 0);
	assert.deepEqual(engine.stoppedByPlan(), { early: 3 });
	assert.equal(engine.userCount, 0);
});
