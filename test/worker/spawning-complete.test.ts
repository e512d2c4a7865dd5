import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startMaster } from '../../source/master/master-runtime.ts';
import { startWorker } from '../../source/worker/worker-runtime.ts';
import { realEngineFactory } from '../../source/worker/worker-engine.ts';
import { constant } from '../../source/index.ts';
import { userClass } from '../helpers/engine.ts';
import { fakePlan } from './fake-engine.ts';

void test('a worker says running the moment its ramp completes (the engine\'s spawning-complete), not at its next heartbeat', async (t) => {
	// Idle users of a real engine: no target, no request; they only have to exist.
	const idle = { waitTime: constant(3600), tasks: { idle: () => undefined } };
	const plan = { ...fakePlan, userClasses: [userClass('A', { ...idle, weight: 3 }), userClass('B', { ...idle, weight: 1 })] };
	// Heartbeats ten minutes apart, and a master that would not call the worker missing for as
	// long: within this test only a status can carry 'running' to the master.
	const m = await startMaster({ plan, bind: { host: '127.0.0.1', port: 0 }, cluster: 'spawned', spawnRate: 100, users: 4, missingAfterMs: 600_000 });
	t.after(() => m.quit());
	const w = startWorker({ broker: { url: m.url }, cluster: 'spawned', plan, createEngine: realEngineFactory(), heartbeatIntervalMs: 600_000 });
	t.after(() => w.quit());
	await m.waitForWorkers(1, 60_000);
	m.start();
	// Waits for the state change itself. The bound is for a failure to read well, not a
	// measurement: 4 idle users at 100/s take milliseconds; a loaded machine gets 90 s.
	let bound: NodeJS.Timeout | undefined;
	const state = await Promise.race([
		m.whenState((s) => s.workers[w.id]?.state === 'running'),
		new Promise<undefined>((resolve) => (bound = setTimeout(() => resolve(undefined), 90_000))),
	]);
	clearTimeout(bound);
	assert.equal(state?.workers[w.id]?.state, 'running', `the master still sees ${m.getState().workers[w.id]?.state}: it heard nothing between the spawn and a heartbeat`);
	// The worker's own view agrees: every user it was told to run is running.
	assert.equal(w.state, 'running');
});

void test('an order dealt before a stopUser() reached the master does not replace that user', async () => {
	const { withoutUnknownStops } = await import('../../source/worker/worker-load.ts');
	// 3 dealt, knowing of 1 stopped; 2 have stopped here: 1 more than the master knew.
	assert.deepEqual(withoutUnknownStops({ web: 3, admin: 1 }, { web: 2 }, { web: 1 }), { web: 2, admin: 1 });
	// The master knew them all (or more, from an older test): nothing taken off.
	assert.deepEqual(withoutUnknownStops({ web: 1 }, { web: 2 }, { web: 2 }), { web: 1 });
	assert.deepEqual(withoutUnknownStops({ web: 1 }, { web: 1 }, { web: 3 }), { web: 1 });
	// Never below 0.
	assert.deepEqual(withoutUnknownStops({ web: 1 }, { web: 4 }, {}), { web: 0 });
});
