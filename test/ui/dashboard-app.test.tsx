// Keys through the live dashboard: a fake controller records every call and, like the real
// one, changes the model it serves, so each key's effect shows on screen as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import type { DashboardActions, DashboardModel, RunState } from '../../source/ui/dashboard-model.ts';
import { eventually, frameLines, renderSized, resize, visibleWidth, type Rendered } from './fixtures/render-sized.tsx';
import { mountDashboardApp } from './fixtures/mount-app.tsx';
import DashboardApp from '../../source/ui/components/DashboardApp.tsx';
import { recordingActions, type Call } from './fixtures/recording-actions.ts';
import { sampleModel, waitingModel } from './fixtures/sample-model.ts';

interface Harness {
	instance: Rendered;
	calls: Call[];
	model: () => DashboardModel;
	screen: () => string;
	/** Type keys, one write each (as a person does). */
	press: (...keys: string[]) => void;
}

function mount(t: { after: (fn: () => void) => void }, initial: DashboardModel, columns = 80, rows = 24): Harness {
	let model = initial;
	const { actions: recording, calls } = recordingActions();
	// The fake controller: records, then updates the model the way the master would.
	const actions: DashboardActions = {
		...recording,
		setUsers: (users) => {
			void recording.setUsers(users);
			model = { ...model, header: { ...model.header, targetUsers: users } };
		},
		start: () => {
			void recording.start();
			model = { ...model, header: { ...model.header, state: 'spawning' } };
		},
	};
	const instance = mountDashboardApp(t, { getModel: () => model, actions }, columns, rows);
	return {
		instance,
		calls,
		model: () => model,
		screen: () => frameLines(instance).join('\n'),
		press: (...keys) => {
			for (const key of keys) instance.stdin.write(key);
		},
	};
}

function running(state: RunState = 'running'): DashboardModel {
	const model = sampleModel();
	return { ...model, header: { ...model.header, state } };
}

const names = (calls: Call[]) => calls.map((call) => `${call.name}(${call.args.join(',')})`);

void test('w W s S change the target by 1 and 10, building on each other', async (t) => {
	const h = mount(t, running());
	h.press('w');
	h.press('W');
	h.press('s');
	h.press('S');
	await eventually(() => assert.deepEqual(names(h.calls), ['setUsers(51)', 'setUsers(61)', 'setUsers(60)', 'setUsers(50)']));
	await eventually(() => assert.match(h.screen(), /users 50\/50/));
});

void test('a burst of keys in one string is each key (useInput hands "www" over at once)', async (t) => {
	const h = mount(t, running());
	h.press('www');
	await eventually(() => assert.deepEqual(names(h.calls), ['setUsers(51)', 'setUsers(52)', 'setUsers(53)']));
	await eventually(() => assert.match(h.screen(), /users 50\/53/));
});

void test('s never goes below 0 users', async (t) => {
	const h = mount(t, running());
	h.press('S', 'S', 'S', 'S', 'S', 'S');
	await eventually(() => assert.equal(h.model().header.targetUsers, 0));
	h.press('s');
	await eventually(() => assert.match(h.screen(), /users 0\/0 \(\+50 stopping\)/));
	assert.ok(h.calls.every((call) => (call.args[0] as number) >= 0));
	assert.equal(h.calls.length, 5, 'the sixth S and the s had nothing to remove');
});

void test('u types an exact user count: Enter sets it, Esc cancels', async (t) => {
	const h = mount(t, running());
	h.press('u');
	await eventually(() => assert.match(h.screen(), /users \(now 50\): +Enter set +Esc cancel/));
	h.press('1', '2', '0');
	await eventually(() => assert.match(h.screen(), /users \(now 50\): 120/));
	// While the prompt is open, keys are digits, not commands.
	h.press('q', 'w');
	h.press('\r');
	await eventually(() => assert.deepEqual(names(h.calls), ['setUsers(120)']));
	await eventually(() => assert.match(h.screen(), /users 50\/120/));

	h.press('u', '7', '\x7f', '9');
	await eventually(() => assert.match(h.screen(), /users \(now 120\): 9/));
	h.press('\x1b');
	await eventually(() => assert.match(h.screen(), /w\/W \+1\/\+10/));
	assert.deepEqual(names(h.calls), ['setUsers(120)']);
});

void test('u with digits and Enter in one burst sets the count', async (t) => {
	const h = mount(t, running());
	h.press('u250\r');
	await eventually(() => assert.deepEqual(names(h.calls), ['setUsers(250)']));
});

void test('r types a spawn rate; a bad one is refused with a notice', async (t) => {
	const h = mount(t, running());
	h.press('r', '2', '.', '5', '\r');
	await eventually(() => assert.deepEqual(names(h.calls), ['setSpawnRate(2.5)']));
	h.press('r', '.', '\r');
	await eventually(() => assert.match(h.screen(), /not a number/));
	h.press('r', '0', '\r');
	await eventually(() => assert.match(h.screen(), /spawn rate must be above 0/));
	assert.deepEqual(names(h.calls), ['setSpawnRate(2.5)']);
});

void test('Enter starts a waiting run; with no users it asks for them first (like Locust\'s form)', async (t) => {
	const h = mount(t, waitingModel());
	await eventually(() => assert.match(h.screen(), /READY +users 0\/0/));
	h.press('\r');
	await eventually(() => assert.match(h.screen(), /users \(now 0\):/));
	assert.deepEqual(names(h.calls), []);
	h.press('2', '0', '\r');
	await eventually(() => assert.match(h.screen(), /users 0\/20/));
	h.press(' ');
	await eventually(() => assert.deepEqual(names(h.calls), ['setUsers(20)', 'start()']));
	await eventually(() => assert.match(h.screen(), /SPAWNING/));
	// Running: Enter does nothing more.
	h.press('\r');
	await new Promise((resolve) => setTimeout(resolve, 100));
	assert.deepEqual(names(h.calls), ['setUsers(20)', 'start()']);
});

void test('p stops the users and R resets the stats', async (t) => {
	const h = mount(t, running());
	h.press('p');
	h.press('R');
	await eventually(() => assert.deepEqual(names(h.calls), ['stopUsers()', 'resetStats()']));
});

void test('q asks once while users run; any other key takes the question back', async (t) => {
	const h = mount(t, running());
	h.press('q');
	await eventually(() => assert.match(h.screen(), /press q again to quit/));
	h.press('1');
	await eventually(() => assert.doesNotMatch(h.screen(), /press q again/));
	h.press('q');
	await eventually(() => assert.match(h.screen(), /press q again to quit/));
	h.press('q');
	await eventually(() => assert.deepEqual(names(h.calls), ['quit()']));
	await eventually(() => assert.match(h.screen(), /quitting/));
});

void test('q quits at once when no users run', async (t) => {
	const h = mount(t, running('stopped'));
	h.press('q');
	await eventually(() => assert.deepEqual(names(h.calls), ['quit()']));
});

void test('Ctrl-C quits at once, even while typing a count', async (t) => {
	const h = mount(t, running());
	h.press('u', '5');
	h.press('\x03');
	await eventually(() => assert.deepEqual(names(h.calls), ['quit()']));
});

void test('1-5, Tab and Shift-Tab switch views; ? opens help and Esc closes it', async (t) => {
	const h = mount(t, running());
	const current = () => /\s(\d) (Stats|Workers|Charts|Failures|Log)/.exec(h.screen());
	await eventually(() => assert.match(h.screen(), /sorted by requests/));
	h.press('2');
	await eventually(() => assert.match(h.screen(), /5 workers, 3 marked/));
	h.press('3');
	await eventually(() => assert.match(h.screen(), /failures\/s +now/));
	h.press('4');
	await eventually(() => assert.match(h.screen(), /Failures \(3 kinds\)/));
	h.press('5');
	await eventually(() => assert.match(h.screen(), /newest last \(times UTC\) {2}3 malformed messages dropped/));
	h.press('\t');
	await eventually(() => assert.match(h.screen(), /sorted by requests/));
	h.press('\x1b[Z');
	await eventually(() => assert.match(h.screen(), /newest last/));
	h.press('1');
	h.press('?');
	await eventually(() => assert.match(h.screen(), /modified z-score/));
	h.press('\x1b');
	await eventually(() => assert.match(h.screen(), /sorted by requests/));
	assert.ok(current());
	assert.deepEqual(h.calls, [], 'view keys call nothing');
});

void test('o changes the Stats order', async (t) => {
	const h = mount(t, running());
	h.press('o');
	await eventually(() => assert.match(h.screen(), /sorted by failures/));
	h.press('o', 'o');
	await eventually(() => assert.match(h.screen(), /sorted by p95/));
	const lines = h.screen().split('\n');
	const first = lines.findIndex((line) => /^custom +checkout-flow/.test(line));
	const items = lines.findIndex((line) => /^GET +\/items/.test(line));
	assert.ok(first > 0 && first < items, 'the slowest p95 comes first');
});

void test('a resize re-fits the screen (140 → 80 columns, 40 → 24 rows)', async (t) => {
	const h = mount(t, running(), 140, 40);
	await eventually(() => assert.match(h.screen(), /Min ms/));
	resize(h.instance, 80, 24);
	await eventually(() => assert.doesNotMatch(h.screen(), /Min ms/));
	const lines = frameLines(h.instance);
	assert.ok(lines.length <= 23);
	for (const line of lines) assert.ok(visibleWidth(line) <= 80, line);
});

void test('the model is pulled again on its own (a refresh every refreshMs)', async (t) => {
	let users = 1;
	const { actions } = recordingActions();
	const instance = renderSized(
		<DashboardApp
			getModel={() => {
				const model = running();
				return { ...model, header: { ...model.header, users } };
			}}
			actions={actions}
			refreshMs={20}
		/>,
		80,
		24,
	);
	t.after(() => instance.unmount());
	await eventually(() => assert.match(frameLines(instance)[0] ?? '', /users 1\/50/));
	users = 42;
	await eventually(() => assert.match(frameLines(instance)[0] ?? '', /users 42\/50/));
});

void test('a controller call that rejects shows a notice instead of crashing', async (t) => {
	const { actions } = recordingActions();
	const instance = mountDashboardApp(t, { getModel: () => running(), actions: { ...actions, stopUsers: () => Promise.reject(new Error('broker gone')) } }, 80, 24);
	instance.stdin.write('p');
	await eventually(() => assert.match(frameLines(instance).join('\n'), /stopUsers failed: broker gone/));
});
