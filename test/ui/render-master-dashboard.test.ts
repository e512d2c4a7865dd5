// The glue on a stand-in controller: the keys reach it, the model comes from its state and
// snapshot through the selector, and quitting unmounts the dashboard once quit() settles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialMasterState, reduceMaster } from '../../source/master/master-state.ts';
import { Aggregator } from '../../source/stats/aggregator.ts';
import { eventually } from './fixtures/eventually.ts';
import { FakeStdin, FakeStdout } from './fixtures/fake-terminal.ts';

// Ink decides on import whether it runs in CI (then it draws only the last frame).
process.env['CI'] = 'false';
process.env['CONTINUOUS_INTEGRATION'] = 'false';
const { default: renderMasterDashboard } = await import('../../source/ui/render-master-dashboard.ts');

void test('keys drive the controller, and quit unmounts once the controller has quit', async (t) => {
	const t0 = Date.UTC(2026, 10, 22, 10, 0, 0);
	let state = initialMasterState({ host: 'http://127.0.0.1:9' });
	state = reduceMaster(state, { type: 'worker-joined', now: t0, id: 'w-1', hostname: 'box', pid: 1, planHash: null });
	const aggregator = new Aggregator({ now: () => t0 });
	const calls: string[] = [];
	let finishQuit = () => {};
	const master = {
		getState: () => state,
		snapshot: () => aggregator.snapshot(),
		aggregator,
		setUsers: (users: number) => {
			calls.push(`setUsers(${users})`);
			state = reduceMaster(state, { type: 'set-target', now: t0, users });
		},
		setSpawnRate: (rate: number) => {
			calls.push(`setSpawnRate(${rate})`);
		},
		start: () => {
			calls.push('start()');
			state = reduceMaster(state, { type: 'start', now: t0 });
		},
		stopUsers: () => Promise.resolve(calls.push('stopUsers()')),
		resetStats: () => {
			calls.push('resetStats()');
		},
		quit: () => {
			calls.push('quit()');
			return new Promise<void>((resolve) => {
				finishQuit = resolve;
			});
		},
	};
	const stdout = new FakeStdout(80, 24);
	const stdin = new FakeStdin(true);
	const handle = renderMasterDashboard(master, { stdout: stdout.asStream(), stdin: stdin.asStream(), stderr: new FakeStdout().asStream(), now: () => t0 + 1000 });
	t.after(() => handle.unmount());
	let exited = false;
	const exit = handle.waitUntilExit().then(() => {
		exited = true;
	});

	await eventually(() => assert.match(stdout.text(), /READY +users 0\/0/));
	await eventually(() => assert.match(stdout.text(), /host http:\/\/127\.0\.0\.1:9/));
	stdin.write('W');
	stdin.write('r');
	stdin.write('5\r');
	stdin.write('\r');
	await eventually(() => assert.deepEqual(calls, ['setUsers(10)', 'setSpawnRate(5)', 'start()']));
	await eventually(() => assert.match(stdout.text(), /SPAWNING +users 0\/10/));
	stdin.write('q');
	await eventually(() => assert.match(stdout.text(), /press q again/));
	stdin.write('q');
	await eventually(() => assert.equal(calls.at(-1), 'quit()'));
	await new Promise((resolve) => setTimeout(resolve, 50));
	assert.equal(exited, false, 'still up while the controller quits');
	finishQuit();
	await exit;
	assert.equal(stdin.rawMode, false);
});
