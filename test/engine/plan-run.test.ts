import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan } from '../../source/plan/load-plan.ts';
import { Engine } from '../../source/engine/engine.ts';
import { CollectingSink } from '../helpers/collecting-sink.ts';
import { eventually, useTarget } from '../helpers/target.ts';
import { userClass, useEngine } from '../helpers/engine.ts';
import { constant } from '../../source/index.ts';

void test('a loaded plan runs: hooks as worker, request hooks, task exceptions point at the plan line', async (t) => {
	const target = await useTarget(t);
	const log = ((globalThis as unknown as { droveHookLog?: string[] }).droveHookLog ??= []);
	log.length = 0;
	const plan = await loadPlan('fixtures/plans/hooks.ts');
	const sink = new CollectingSink();
	const engine = new Engine({ plan, host: target.url, sink, worker: { index: 1, count: 3 } });
	t.after(() => engine.close());
	engine.setTarget({ web: 2 }, 0);
	await sink.until(() => sink.requests.length >= 4 && sink.exceptions.length >= 2, 10_000, 'requests and exceptions');
	await engine.stop();
	assert.equal(log[0], 'start:worker:1/3', 'testStart ran (and was awaited) before any user');
	assert.equal(log.at(-1), 'stop:worker');
	assert.ok(log.some((l) => /^request:GET \/ ok u[01] web$/.test(l)), log.join('\n'));
	const e = sink.exceptions[0]!;
	assert.equal(e.message, 'RangeError: the broken task threw');
	assert.match(e.traceback, /fixtures\/plans\/hooks\.ts:26:\d+/, e.traceback);
});

void test('a plan in a temp dir outside the repo imports drove and runs against the target', async (t) => {
	const target = await useTarget(t);
	const dir = await mkdtemp(join(tmpdir(), 'drove-plan-run-'));
	t.after(() => rm(dir, { recursive: true, force: true }));
	await writeFile(
		join(dir, 'plan.ts'),
		[
			"import { user, task, constant } from 'drove';",
			'export default user({',
			'\twaitTime: constant(0.01),',
			"\ttasks: { item: task(2, async ({ client }) => { await client.get('/item/9', { name: '/item/[id]' }); }) },",
			'});',
			'',
		].join('\n'),
	);
	const plan = await loadPlan(join(dir, 'plan.ts'));
	const sink = new CollectingSink();
	const engine = new Engine({ plan, host: target.url, sink, worker: { index: 0, count: 1 } });
	t.after(() => engine.close());
	engine.setTarget({ plan: 1 }, 0);
	await sink.until(() => sink.requests.length >= 5, 10_000, 'requests');
	await engine.stop();
	assert.deepEqual([...new Set(sink.requests.map((r) => `${r.method} ${r.name} ${r.error ?? 'ok'}`))], ['GET /item/[id] ok']);
});

void test('warns once when its own CPU stays above 90 %, not while it stays below', async (t) => {
	const idle = userClass('idle', { waitTime: constant(30), tasks: { nap: () => undefined } });
	// A fake CPU clock: `share` of the wall clock.
	const fakeCpu = (share: () => number) => {
		let cpu = 0;
		let last = performance.now();
		return () => {
			const now = performance.now();
			cpu += (now - last) * share();
			last = now;
			return cpu;
		};
	};
	let share = 0.5;
	const { engine, warnings: all } = useEngine(t, [idle], { cpuWindowMs: 100, cpuMs: fakeCpu(() => share) });
	const cpuWarnings = (): string[] => all.filter((w) => w.includes('CPU'));
	engine.setTarget({ idle: 1 }, 0);
	await new Promise((resolve) => setTimeout(resolve, 350));
	assert.equal(cpuWarnings().length, 0, 'no warning at 50 %');
	share = 0.97;
	await eventually(() => cpuWarnings().length > 0, 10_000, 'a CPU warning');
	await new Promise((resolve) => setTimeout(resolve, 350));
	await engine.stop();
	assert.equal(cpuWarnings().length, 1, 'once');
	assert.match(cpuWarnings()[0]!, /CPU usage of this load generator above 90% \(97%/);
});

void test('a class with no host fails its requests with a clear exception; unknown classes are warned about', async (t) => {
	const web = userClass('web', { tasks: { home: async ({ client }) => void (await client.get('/')) } });
	const { engine, sink, warnings } = useEngine(t, [web]);
	engine.setTarget({ web: 1, ghost: 2 }, 0);
	await sink.until(() => sink.exceptions.length >= 1, 10_000, 'an exception');
	await engine.stop();
	assert.match(sink.exceptions[0]!.message, /no host: give -H\/--host/);
	assert.match(warnings[0]!, /unknown user class "ghost"/);
	assert.match(warnings[1]!, /user class web has no host/);
});

void test('options.worker is live: updating it in place reaches the users', async (t) => {
	const seen: string[] = [];
	const worker = { index: 0, count: 1 };
	const web = userClass('web', {
		tasks: {
			look: async ({ worker: w, sleep }) => {
				seen.push(`${w.index}/${w.count}`);
				await sleep(0.01);
			},
		},
	});
	const { engine } = useEngine(t, [web], { worker });
	engine.setTarget({ web: 1 }, 0);
	await eventually(() => seen.length > 0, 10_000, 'a first task');
	worker.index = 1;
	worker.count = 2;
	await eventually(() => seen.at(-1) === '1/2', 10_000, 'the new worker info');
	await engine.stop();
});

