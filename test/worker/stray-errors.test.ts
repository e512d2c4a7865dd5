import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('../../', import.meta.url);

void test('captureStrayErrors: a plan rejection and a plan timer throw are recorded; a throw from elsewhere is fatal', async (t) => {
	// In a child process: the test runner treats stray errors in its own process as failures.
	const dir = await mkdtemp(join(tmpdir(), 'drove-stray-'));
	t.after(() => rm(dir, { recursive: true, force: true }));
	// Stands for a plan: a file outside Drove's source.
	await writeFile(join(dir, 'plan.mjs'), [
		"export function floating() { void Promise.reject(new Error('nobody awaited me')); }",
		"export function later() { setTimeout(() => { throw new Error('thrown in a timer'); }, 1); }",
		'',
	].join('\n'));
	const script = `
		import { captureStrayErrors } from ${JSON.stringify(new URL('source/worker/stray-errors.ts', root).href)};
		import { floating, later } from ${JSON.stringify(pathToFileURL(join(dir, 'plan.mjs')).href)};
		const recorded = [];
		captureStrayErrors({ record: (e) => recorded.push(e.message), fatal: (e) => { console.log(JSON.stringify({ recorded, fatal: e.message })); process.exit(70); } });
		floating();
		later();
		while (recorded.length < 2) await new Promise((r) => setTimeout(r, 10));
		// As thrown inside Drove or Node: no plan frame on its stack.
		setTimeout(() => { const e = new Error('not the plan'); e.stack = 'Error: not the plan\\n    at node:internal/timers:1:1'; throw e; }, 1);
	`;
	const child = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000, cwd: dir });
	assert.equal(child.status, 70, child.stderr);
	const out = JSON.parse(child.stdout) as { recorded: string[]; fatal: string };
	assert.deepEqual(out.recorded.sort(), ['nobody awaited me', 'thrown in a timer']);
	assert.equal(out.fatal, 'not the plan');
});
