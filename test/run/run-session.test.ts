// The RunSession's seams with a real in-process master and two in-process workers (fake
// engines): a load shape decides the target each second, tick listeners see every second,
// verdicts join the exit code, and added reports get the finished run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { resolveConfig } from '../../source/config/resolve-config.ts';
import { startMaster } from '../../source/master/master-runtime.ts';
import { startWorker } from '../../source/worker/worker-runtime.ts';
import { RunSession } from '../../source/run/run-session.ts';
import { stages } from '../../source/plan/shape.ts';
import type { FinishedRun, RunTick } from '../../source/run/run-session.ts';
import { FakeEngine, fakePlan } from '../worker/fake-engine.ts';

void test('a load shape, tick listeners, a verdict and an added report plug into one headless run', async (t) => {
	const config = resolveConfig({ command: 'run', cli: { plan: 'p.ts', headless: true, users: '2', spawnRate: '100', runTime: '4s', json: true }, env: {}, cwd: '/tmp', stdoutIsTTY: false, cpuCount: 2 });
	const master = await startMaster({ plan: fakePlan, bind: { host: '127.0.0.1', port: 0 }, cluster: 'session', spawnRate: 100 });
	t.after(() => master.quit());
	for (let i = 0; i < 2; i++) {
		const worker = startWorker({ broker: { url: master.url }, cluster: 'session', plan: fakePlan, createEngine: (args) => new FakeEngine(args), statsIntervalMs: 200 });
		t.after(() => worker.quit());
	}
	await master.waitForWorkers(2, 30_000);

	const out = new PassThrough();
	let summary = '';
	out.on('data', (chunk: Buffer) => (summary += chunk.toString()));
	// Two stages: 2 users, then 6; -t (4 s) ends the run before the shape does.
	const shape = stages([{ duration: '1500ms', users: 2, spawnRate: 100 }, { duration: '1m', users: 6, spawnRate: 100 }]);
	const session = new RunSession({ config, master, workers: undefined, planHost: undefined, csv: undefined, shape }, { mode: 'headless', out });
	const ticks: RunTick[] = [];
	session.onTick((tick) => ticks.push(tick));
	// On the target, not on running users: a loaded machine may not ramp 6 users in time.
	session.addVerdict((run) => (run.state.targetUsers >= 6 ? 5 : 0));
	const reports: FinishedRun[] = [];
	session.addReport((run) => {
		reports.push(run);
	});
	session.start();
	assert.equal(master.getState().targetUsers, 2, 'the shape decides the first target');
	const reason = await session.ended;
	assert.equal(reason, 'run-time');
	const code = await session.finish(reason);
	session.dispose();

	assert.ok(ticks.length >= 2, `ticks: ${ticks.length}`);
	assert.deepEqual(ticks.map((tick) => tick.second), ticks.map((_, i) => i + 1));
	assert.equal(master.getState().targetUsers, 6, 'the shape moved the target');
	assert.equal(code, 5, 'the verdict joined the exit code');
	assert.equal(reports.length, 1);
	assert.equal(reports[0]?.exitCode, 5);
	assert.equal(reports[0]?.stopReason, 'run-time');
	assert.equal(JSON.parse(summary).run.stopReason, 'run-time');
});
