// The entry the integrator calls, mounted on fake terminal streams without Ink's debug mode:
// colour rules, keys off without a TTY, the redraw ceiling, and a clean terminal on exit and
// on a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DashboardModel } from '../../source/ui/dashboard-model.ts';
import { eventually } from './fixtures/eventually.ts';
import { FakeStdin, FakeStdout } from './fixtures/fake-terminal.ts';
import { recordingActions } from './fixtures/recording-actions.ts';
import { sampleModel } from './fixtures/sample-model.ts';

// Ink decides once, on import, whether it runs in CI (there it draws only the last frame), and
// chalk whether it may colour (the test runner sets FORCE_COLOR=0). These tests are about a
// person's colour terminal, so Ink and chalk are loaded as they would be there.
process.env['CI'] = 'false';
process.env['CONTINUOUS_INTEGRATION'] = 'false';
process.env['FORCE_COLOR'] = '1';
const { default: renderDashboard, maxFramesPerSecond } = await import('../../source/ui/render-dashboard.tsx');

const showCursor = '\x1b[?25h';
const sgrColour = new RegExp(`${String.fromCharCode(27)}\\[3[0-9]m`);

function mount(t: { after: (fn: () => void) => void }, options: { getModel?: () => DashboardModel; env?: NodeJS.ProcessEnv; tty?: boolean; refreshMs?: number } = {}) {
	const stdout = new FakeStdout(80, 24);
	const stderr = new FakeStdout(80, 24);
	const stdin = new FakeStdin(options.tty ?? true);
	const { actions, calls } = recordingActions();
	const handle = renderDashboard({
		getModel: options.getModel ?? (() => sampleModel()),
		actions,
		stdout: stdout.asStream(),
		stderr: stderr.asStream(),
		stdin: stdin.asStream(),
		env: options.env ?? {},
		initialView: 'charts',
		refreshMs: options.refreshMs,
	});
	t.after(() => handle.unmount());
	return { handle, stdout, stdin, calls };
}

void test('NO_COLOR turns colour off; without it the charts are coloured', async (t) => {
	const plain = mount(t, { env: { NO_COLOR: '1' } });
	await eventually(() => assert.match(plain.stdout.text(), /failures\/s/));
	assert.doesNotMatch(plain.stdout.text(), sgrColour);
	const coloured = mount(t, { env: {} });
	await eventually(() => assert.match(coloured.stdout.text(), /failures\/s/));
	assert.match(coloured.stdout.text(), sgrColour);
	// NO_COLOR set but empty does not count (https://no-color.org).
	const empty = mount(t, { env: { NO_COLOR: '' } });
	await eventually(() => assert.match(empty.stdout.text(), sgrColour));
});

void test('without a TTY on stdin the keys are off, and nothing throws', async (t) => {
	const { stdout, stdin, calls } = mount(t, { tty: false });
	await eventually(() => assert.match(stdout.text(), /keys off: stdin is not a terminal/));
	assert.equal(stdin.rawMode, false);
	stdin.write('q');
	await new Promise((resolve) => setTimeout(resolve, 50));
	assert.deepEqual(calls, []);
});

void test('with a TTY, stdin goes raw and Ctrl-C reaches quit() instead of killing the process', async (t) => {
	const { stdin, calls } = mount(t, { tty: true });
	await eventually(() => assert.equal(stdin.rawMode, true));
	stdin.write('\x03');
	await eventually(() => assert.deepEqual(calls.map((call) => call.name), ['quit']));
});

void test(`redraws at most ${maxFramesPerSecond} times a second however fast the model changes`, async (t) => {
	let tick = 0;
	const { stdout } = mount(t, {
		refreshMs: 5,
		getModel: () => {
			const model = sampleModel();
			tick++;
			return { ...model, header: { ...model.header, users: tick } };
		},
	});
	await eventually(() => assert.ok(tick > 5));
	const before = stdout.chunks.filter((chunk) => chunk.includes('drove ')).length;
	const started = Date.now();
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const seconds = (Date.now() - started) / 1000;
	const frames = stdout.chunks.filter((chunk) => chunk.includes('drove ')).length - before;
	assert.ok(tick >= 20, `the model was pulled ${tick} times`);
	assert.ok(frames <= Math.ceil(seconds * maxFramesPerSecond) + 2, `${frames} frames in ${seconds.toFixed(1)} s`);
	assert.ok(frames >= 2, 'it does redraw');
});

void test('unmount gives the terminal back: cursor shown, raw mode off, waitUntilExit resolves', async (t) => {
	const { handle, stdout, stdin } = mount(t);
	await eventually(() => assert.equal(stdin.rawMode, true));
	handle.unmount();
	await handle.waitUntilExit();
	assert.ok(stdout.text().endsWith(showCursor) || stdout.text().includes(showCursor), 'cursor shown again');
	assert.equal(stdin.rawMode, false);
});

void test('a crash in getModel unmounts cleanly and rejects waitUntilExit with the error', async (t) => {
	let calls = 0;
	const { handle, stdout, stdin } = mount(t, {
		refreshMs: 10,
		getModel: () => {
			calls++;
			if (calls > 3) throw new Error('selector broke');
			return sampleModel();
		},
	});
	await assert.rejects(handle.waitUntilExit(), /selector broke/);
	assert.ok(stdout.text().includes(showCursor), 'cursor shown again');
	assert.equal(stdin.rawMode, false);
});
