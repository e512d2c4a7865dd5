// Each process of a run loads only what its role needs (docs/ARCHITECTURE.md, "What runs
// where"): the real `drove` command, with a loader hook that records every module each process
// loads. A worker never loads the dashboard (Ink, React), the broker (Aedes) or the plan
// bundler (esbuild: it runs the master's bundle); a headless master never loads Ink or React;
// --version loads no runtime at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan, runDrove, tempDir } from '../run/drove-cli.ts';

const recorder = fileURLToPath(new URL('./fixtures/record-loads.mjs', import.meta.url));

/** The npm packages each process loaded, by pid. */
function packagesByPid(log: string): Map<number, Set<string>> {
	const byPid = new Map<number, Set<string>>();
	for (const line of readFileSync(log, 'utf8').split('\n')) {
		const [pid, url] = line.split(' ');
		if (!pid || !url) continue;
		const set = byPid.get(Number(pid)) ?? new Set<string>();
		byPid.set(Number(pid), set);
		const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
		if (name) set.add(name);
	}
	return byPid;
}

function recording(t: Parameters<typeof tempDir>[0]): { log: string; env: NodeJS.ProcessEnv } {
	const log = join(tempDir(t), 'loads.txt');
	return { log, env: { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import=${recorder}`, DROVE_TEST_LOAD_LOG: log } };
}

test('--version loads no runtime: no protocol, broker, engine, dashboard or bundler', async (t) => {
	const { log, env } = recording(t);
	const result = await runDrove(['--version'], t, { env });
	assert.equal(result.code, 0, result.stderr);
	const loaded = [...packagesByPid(log).values()].flatMap((set) => [...set]);
	for (const heavy of ['zod', 'mqtt', 'undici', 'aedes', 'esbuild', 'ink', 'react', 'hdr-histogram-js']) {
		assert.ok(!loaded.includes(heavy), `--version loaded ${heavy}`);
	}
});

test('a headless run: the master loads no Ink or React, its local worker no Ink, React, Aedes or esbuild', async (t) => {
	const target = await useTarget(t);
	const { log, env } = recording(t);
	const drove = new DroveProcess(['-f', fixturePlan('steady.ts'), '--headless', '-u', '1', '-t', '1s', '-H', target.url, '--processes', '1'], t, { env });
	assert.equal(await drove.exitCode(), 0, drove.stderr);
	const byPid = packagesByPid(log);
	const master = byPid.get(drove.child.pid!);
	assert.ok(master, 'the master recorded its loads');
	assert.ok(master.has('aedes') && master.has('esbuild'), `the master runs the broker and bundles the plan: ${[...master].join(', ')}`);
	for (const name of ['ink', 'react']) assert.ok(!master.has(name), `the headless master loaded ${name}`);
	const workers = [...byPid].filter(([pid]) => pid !== drove.child.pid).map(([, set]) => set);
	assert.equal(workers.length, 1, 'one worker process recorded its loads');
	assert.ok(workers[0]!.has('mqtt') && workers[0]!.has('undici'), `the worker talks MQTT and HTTP: ${[...workers[0]!].join(', ')}`);
	for (const name of ['ink', 'react', 'aedes', 'esbuild']) assert.ok(!workers[0]!.has(name), `the worker loaded ${name}`);
});
