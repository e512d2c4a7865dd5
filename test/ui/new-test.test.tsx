// The dashboard's "new test" as a person drives it, drawn by ink-testing-library: a real
// in-process master with a real worker (a fake engine: every user records a request every
// 20 ms) over the embedded broker on 127.0.0.1, a dashboard RunSession, and the dashboard's own
// glue (masterDashboardProps). p then Enter starts a new test with its stats afresh, as Locust's
// does; with a load shape the header says what the shape does in every phase and Enter runs it
// again from its first stage. Waits poll the frame (bounded); the shape runs on a clock the test
// moves, so no phase depends on how fast a loaded machine is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { resolveConfig } from '../../source/config/resolve-config.ts';
import { startMaster, type MasterRuntime } from '../../source/master/master-runtime.ts';
import { stages } from '../../source/plan/shape.ts';
import type { LoadShape } from '../../source/plan/shape.ts';
import { RunSession } from '../../source/run/run-session.ts';
import { masterDashboardProps } from '../../source/ui/render-master-dashboard.ts';
import { startWorker } from '../../source/worker/worker-runtime.ts';
import { FakeEngine, fakePlan } from '../worker/fake-engine.ts';
import { eventually, frameLines, type Rendered } from './fixtures/render-sized.tsx';
import { mountDashboardApp } from './fixtures/mount-app.tsx';

/** A loaded 2-core box: generous bounds for anything that waits on the fleet. */
const SLOW = 60_000;

interface Harness {
	master: MasterRuntime;
	session: RunSession;
	instance: Rendered;
	screen: () => string;
	summary: () => string;
}

async function mount(t: { after: (fn: () => unknown) => void }, cli: Record<string, unknown>, shape?: LoadShape, now?: () => number): Promise<Harness> {
	const config = resolveConfig({ command: 'run', cli: { plan: 'p.ts', spawnRate: '100', json: true, ...cli }, env: {}, cwd: '/tmp', stdoutIsTTY: true, cpuCount: 2 });
	const master = await startMaster({ plan: fakePlan, bind: { host: '127.0.0.1', port: 0 }, cluster: 'new-test', spawnRate: 100 });
	t.after(() => master.quit());
	const worker = startWorker({ broker: { url: master.url }, cluster: 'new-test', plan: fakePlan, createEngine: (args) => new FakeEngine(args), statsIntervalMs: 200 });
	t.after(() => worker.quit());
	const out = new PassThrough();
	let summary = '';
	out.on('data', (chunk: Buffer) => (summary += chunk.toString()));
	const session = new RunSession({ config, master, workers: undefined, planHost: undefined, csv: undefined, shape }, { mode: 'dashboard', out, ...(now && { now }) });
	t.after(() => session.dispose());
	const props = masterDashboardProps(
		master,
		{ live: () => session.live(), onManual: () => session.manualControl(), resumeShape: () => session.resumeShape(), ...(shape && { start: () => session.start() }) },
		() => master.quit(),
	);
	const instance = mountDashboardApp(t, props, 100, 30);
	return { master, session, instance, screen: () => frameLines(instance).join('\n'), summary: () => summary };
}

/** The Aggregated row's request count on screen; NaN when it is not there. */
function aggregatedRequests(screen: string): number {
	const row = /^\s+Aggregated\s+([\d,]+)/m.exec(screen);
	return row === null ? Number.NaN : Number(row[1]!.replaceAll(',', ''));
}

void test('p then Enter starts a new test: the Stats view starts afresh, the Log keeps the last test, and the summary covers the new test alone', async (t) => {
	const h = await mount(t, { users: '2' });
	await h.master.waitForWorkers(1, SLOW);
	h.session.startWhenReady();
	// A first test with plenty of requests: the fake engine makes about 100 a second.
	await eventually(() => assert.ok(aggregatedRequests(h.screen()) >= 200, h.screen()), SLOW);
	h.instance.stdin.write('p');
	await eventually(() => assert.match(h.screen(), /^drove STOPPED/), SLOW);
	const firstStart = h.master.getState().startedAt;
	const first = h.master.snapshot().aggregated.requests;
	await eventually(() => assert.equal(aggregatedRequests(h.screen()), first), SLOW);

	h.instance.stdin.write('\r');
	// The frozen total can only fall if the stats started afresh (the engine adds ~100 a second).
	await eventually(() => {
		const screen = h.screen();
		assert.match(screen, /^drove (SPAWNING|RUNNING)/);
		assert.ok(aggregatedRequests(screen) < first, `afresh: ${aggregatedRequests(screen)} < ${first}\n${screen}`);
	}, SLOW);
	assert.notEqual(h.master.getState().startedAt, firstStart, 'a new test, with its own start');
	h.instance.stdin.write('5');
	await eventually(() => assert.match(h.screen(), new RegExp(`master previous test: ${first} requests, 0 failed`)), SLOW);

	// The summary is the new test's: its own start, and an end after it (not the first test's stop).
	const secondStart = h.master.getState().startedAt!;
	await h.session.finish('quit');
	const run = (JSON.parse(h.summary()) as { run: { startedAt: string; endedAt: string; durationSeconds: number } }).run;
	assert.equal(Date.parse(run.startedAt), secondStart);
	assert.ok(Date.parse(run.endedAt) >= secondStart && run.durationSeconds >= 0, JSON.stringify(run));
});

void test('a shaped run: the header says what the shape will do, where it stands, that it is done, and Enter runs it again from its first stage', async (t) => {
	let at = Date.UTC(2026, 10, 30, 12, 0, 0);
	const shape = stages([{ duration: '10s', users: 2, spawnRate: 100 }, { duration: '10s', users: 0, spawnRate: 100 }]);
	const h = await mount(t, {}, shape, () => at);
	await eventually(() => assert.match(h.screen(), /^shape 2 stages in 20s: 2 → 0 users · starts when the workers are in$/m), SLOW);

	await h.master.waitForWorkers(1, SLOW);
	h.session.startWhenReady();
	await eventually(() => assert.match(h.screen(), /^shape stage 1\/2 → 2 users, 10s left · next 0 users · 20s of 20s left$/m), SLOW);
	assert.equal(h.master.getState().targetUsers, 2);

	// Past the shape's end: the session's next tick ends the test; the dashboard stays up.
	at += 25_000;
	await eventually(() => {
		const screen = h.screen();
		assert.match(screen, /^drove STOPPED/);
		assert.match(screen, /^shape done: 2 stages in 20s: 2 → 0 users · Enter runs it again$/m);
		assert.match(screen, /^Enter runs the load shape from its first stage/m, "the footer says so too, not \"u sets users\"");
	}, SLOW);
	assert.equal(h.session.testEndReason, 'shape-end');

	// Enter runs the shape again from stage 1: no user count asked for, though the target is 0.
	h.instance.stdin.write('\r');
	await eventually(() => {
		const screen = h.screen();
		assert.match(screen, /^drove (SPAWNING|RUNNING)/);
		assert.match(screen, /^shape stage 1\/2 → 2 users, 10s left/m);
		assert.doesNotMatch(screen, /set a user count first/);
	}, SLOW);
	assert.equal(h.master.getState().targetUsers, 2, "the shape's first target again");

	h.instance.stdin.write('p');
	await eventually(() => assert.match(h.screen(), /^shape stopped in stage 1\/2 · Enter runs it again$/m), SLOW);
});
