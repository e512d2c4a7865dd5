// Data partitioning inside the real engine: a plan loaded twice (two workers, each with its
// own module instance as in two processes) gives each of 100 users its own row of a 100-row
// CSV, and a user past the end gets a DataExhaustedError recorded as an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlan } from '../../source/plan/load-plan.ts';
import { Engine } from '../../source/engine/engine.ts';
import type { StatsSink } from '../../source/stats/stats-sink.ts';

const dataModule = fileURLToPath(new URL('../../source/data/index.ts', import.meta.url));

declare global {
	var __droveDataTestRows: string[] | undefined;
}

/** Polls `check` until it holds or the deadline passes (no fixed sleeps). */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

void test('two engines as two workers hand 100 users the 100 rows of a CSV, each once', async (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'drove-data-engine-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	const csv = join(dir, 'accounts.csv');
	writeFileSync(csv, ['id,email', ...Array.from({ length: 100 }, (_, i) => `${i},user${i}@example.test`)].join('\n') + '\n');
	const planPath = join(dir, 'plan.ts');
	writeFileSync(planPath, [
		`import { user } from 'drove';`,
		`import { csvDataset } from ${JSON.stringify(dataModule)};`,
		`const accounts = csvDataset(${JSON.stringify(csv)});`,
		`export const shopper = user({`,
		`\tonStart(ctx) { (globalThis.__droveDataTestRows ??= []).push(accounts.forUser(ctx).id); },`,
		`\ttasks: { idle: (ctx) => ctx.sleep(0.05) },`,
		`});`,
	].join('\n'));
	globalThis.__droveDataTestRows = [];
	t.after(() => {
		globalThis.__droveDataTestRows = undefined;
	});

	const exceptions: string[] = [];
	const sink: StatsSink = { request: () => undefined, exception: (message) => exceptions.push(message) };
	const engines = await Promise.all([0, 1].map(async (index) => {
		const plan = await loadPlan(planPath);
		const engine = new Engine({ plan, sink, worker: { index, count: 2 }, cpuWindowMs: 60_000 });
		t.after(() => engine.close());
		return engine;
	}));
	for (const engine of engines) engine.setTarget({ shopper: 50 }, 0);
	const rows = (): string[] => globalThis.__droveDataTestRows ?? [];
	await until(() => rows().length === 100, '100 users to take their rows');
	assert.equal(new Set(rows()).size, 100, 'no row taken twice');
	assert.deepEqual(exceptions, []);

	// One more user on worker 0: its share (50 rows) is used up.
	engines[0]?.setTarget({ shopper: 51 }, 0);
	await until(() => exceptions.length > 0, 'the 51st user to fail');
	assert.match(exceptions[0] ?? '', /^DataExhaustedError: dataset ".*accounts\.csv": worker 0 of 2 has used all 50 of its rows \(100 in all\)/);
	assert.equal(rows().length, 100);
	await Promise.all(engines.map((engine) => engine.stop()));
});
