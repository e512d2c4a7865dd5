// The Workers view's join command and per-worker drill-down, and the per-worker chart: through
// the live DashboardApp (keys in, screen out) with ink-testing-library, at 80 columns and wider.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerRateLines, type WorkerRateLines } from '../../source/ui/components/ChartsView.tsx';
import type { DashboardFocus, DashboardModel, JoinModel, WorkerDetail } from '../../source/ui/dashboard-model.ts';
import { eventually, frameLines, visibleWidth } from './fixtures/render-sized.tsx';
import { mountDashboardApp } from './fixtures/mount-app.tsx';
import { recordingActions } from './fixtures/recording-actions.ts';
import { sampleModel, startMs } from './fixtures/sample-model.ts';

const join: JoinModel = {
	masked: 'DROVE_TOKEN=•••••••• drove --worker --master-host=10.0.0.5 --master-port=5557 --processes -1',
	revealed: 'DROVE_TOKEN=Zm9vYmFyYmF6cXV4LXNlY3JldA drove --worker --master-host=10.0.0.5 --master-port=5557 --processes -1',
	url: 'mqtt://10.0.0.5:5557',
	otherHosts: ['192.168.1.20'],
};

function detailFor(model: DashboardModel, id: string): WorkerDetail {
	const row = model.workers.find((worker) => worker.id === id)!;
	return {
		row,
		hostname: 'loadgen-1',
		pid: 4242,
		endpoints: [
			{ method: 'GET', name: '/items/[id]', requests: 20_113, failures: 44, p50Ms: 14, p95Ms: 41, p99Ms: 70, currentRps: 101.5 },
			{ method: 'GET', name: '/', requests: 9_870, failures: 0, p50Ms: 11, p95Ms: 30, p99Ms: 55, currentRps: 48.5 },
		],
		cpuPercent: [10, 20, 35, 36, 34, 35],
		rssBytes: [80e6, 85e6, 90e6, 91e6, 92e6, 94e6],
		log: [{ atMs: startMs + 1000, level: 'info', source: id, text: 'joined (loadgen-1, pid 4242)' }],
	};
}

function mount(t: { after: (fn: () => void) => void }, base: DashboardModel, columns: number, rows: number) {
	const focuses: DashboardFocus[] = [];
	const { actions, calls } = recordingActions();
	const getModel = (focus: DashboardFocus = {}): DashboardModel => {
		focuses.push(focus);
		return focus.workerId === undefined ? base : { ...base, workerDetail: detailFor(base, focus.workerId) };
	};
	const instance = mountDashboardApp(t, { getModel, actions, initialView: 'workers' }, columns, rows);
	return {
		instance,
		calls,
		focuses,
		lines: () => frameLines(instance),
		screen: () => frameLines(instance).join('\n'),
		press: (...keys: string[]) => {
			for (const key of keys) instance.stdin.write(key);
		},
	};
}

const up = '\u001B[A';
const down = '\u001B[B';

for (const [columns, rows] of [[80, 24], [120, 40]] as const) {
	void test(`the Workers view shows the join command, token masked until t, whole at ${columns} columns`, async (t) => {
		const h = mount(t, sampleModel({ join }), columns, rows);
		await eventually(() => assert.match(h.screen(), /1 more worker expected: on each worker machine run \(t shows the token, c copies it\)/));
		const command = (screen: string[]) => {
			const at = screen.findIndex((line) => line.startsWith('DROVE_TOKEN='));
			return screen.slice(at, screen.findIndex((line, index) => index > at && line.startsWith('also reachable'))).join('');
		};
		assert.equal(command(h.lines()), join.masked, 'the lines joined give the command back');
		assert.doesNotMatch(h.screen(), /Zm9vYmFy/);
		h.press('t');
		await eventually(() => assert.equal(command(h.lines()), join.revealed));
		assert.match(h.screen(), /also reachable at 192\.168\.1\.20/);
		for (const line of h.lines()) assert.ok(visibleWidth(line) <= columns, line);
		h.press('t');
		await eventually(() => assert.equal(command(h.lines()), join.masked));
	});
}

void test('c copies the join command through the terminal (OSC 52)', async (t) => {
	const h = mount(t, sampleModel({ join }), 80, 24);
	await eventually(() => assert.match(h.screen(), /more worker expected/));
	h.press('c');
	const osc = `\u001B]52;c;${Buffer.from(join.revealed).toString('base64')}\u0007`;
	await eventually(() => assert.ok(h.instance.stdout.frames.some((frame) => frame.includes(osc)), "the OSC 52 sequence was written"));
	await eventually(() => assert.match(h.screen(), /join command copied/));
});

void test('with every expected worker in, the join command goes away', async (t) => {
	const base = sampleModel({ join });
	const h = mount(t, { ...base, header: { ...base.header, workersExpected: 4 } }, 80, 24);
	await eventually(() => assert.match(h.screen(), /5 workers, 3 marked/));
	assert.doesNotMatch(h.screen(), /DROVE_TOKEN/);
});

for (const [columns, rows] of [[80, 24], [140, 40]] as const) {
	void test(`arrows select a worker, Enter opens its own table, sparklines and log, Esc goes back (${columns}x${rows})`, async (t) => {
		const h = mount(t, sampleModel(), columns, rows);
		await eventually(() => assert.match(h.screen(), /↑↓ select, Enter its details/));
		h.press(down, down, up, down);
		// Marked workers come first: the second in the view's order.
		const picked = h.lines().find((line) => /running|missing/.test(line));
		assert.ok(picked);
		h.press('\r');
		await eventually(() => assert.match(h.screen(), /^worker \S+ +\w+ +10 users +req\/s [\d.]+ .*Esc back$/m));
		const screen = h.screen();
		assert.match(screen, /CPU 35% [▁▂▃▄▅▆▇█]+ +mem 90M [▁▂▃▄▅▆▇█]+/);
		assert.match(screen, /GET +\/items\/\[id\] +20113 +44 .*41 .*101\.5/);
		assert.match(screen, /joined \(loadgen-1, pid 4242\)/);
		assert.ok(h.focuses.some((focus) => focus.workerId !== undefined), 'the model was pulled for the worker');
		assert.equal(h.calls.length, 0, 'Enter opened the worker, it did not start anything');
		for (const line of h.lines()) assert.ok(visibleWidth(line) <= columns, line);
		assert.ok(h.lines().length <= rows - 1);
		h.press('\u001B');
		await eventually(() => assert.match(h.screen(), /↑↓ select, Enter its details/));
	});
}

void test('Enter with no worker picked still starts a waiting run', async (t) => {
	const base = sampleModel();
	const h = mount(t, { ...base, header: { ...base.header, state: 'ready' } }, 80, 24);
	await eventually(() => assert.match(h.screen(), /READY/));
	h.press('\r');
	await eventually(() => assert.deepEqual(h.calls.map((call) => call.name), ['start']));
});

void test('the per-worker chart: the busiest each a line, the rest summed, at every width', () => {
	const points = Array.from({ length: 30 }, (_, second) => ({
		atMs: startMs + second * 1000,
		rps: Object.fromEntries(Array.from({ length: 8 }, (_, w) => [`worker-${w}`, (w + 1) * 10 + (second % 3)])),
	}));
	const wide = workerRateLines(points, 200);
	assert.equal(wide.series.length, 6, '5 own lines and one summed');
	assert.deepEqual(wide.styles.map((style) => style.color), ['green', 'cyan', 'magenta', 'yellow', 'blue', 'white']);
	assert.equal(new Set(wide.styles.map((style) => style.glyphs)).size, 6, 'each line its own glyphs, so they differ without colour');
	const legendText = (lines: WorkerRateLines) => lines.title + lines.legend.map((part) => part.text).join('');
	assert.equal(legendText(wide), 'req/s by worker: ─ worker-7  ━ worker-6  ═ worker-5  ╌ worker-4  ╍ worker-3  · +3 summed');
	assert.deepEqual(wide.legend.map((part) => part.series), [0, 1, 2, 3, 4, 5], 'each legend part names its line');
	for (let second = 0; second < 30; second++) {
		const total = Object.values(points[second]!.rps).reduce((a, b) => a + b, 0);
		assert.equal(wide.series.reduce((sum, line) => sum + line[second]!, 0), total, 'the lines add up to the fleet');
	}
	const narrow = workerRateLines(points, 60);
	assert.ok(legendText(narrow).length <= 60, legendText(narrow));
	assert.ok(narrow.series.length < wide.series.length);
	const two = workerRateLines(points.map((point) => ({ ...point, rps: { a: 1, b: 2 } })), 80);
	assert.equal(two.series.length, 2);
	assert.equal(legendText(two), 'req/s by worker: ─ b  ━ a');
	assert.equal(legendText(workerRateLines([], 80)), 'req/s by worker');
});
