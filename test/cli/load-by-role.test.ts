// Each process of a run loads only what its role needs (docs/ARCHITECTURE.md, "What runs
// where"): the real `drove` command, with a loader hook that records every module each process
// loads. A worker never loads the dashboard (Ink, React), the broker (Aedes) or the plan
// bundler (esbuild: it runs the master's bundle); a headless master never loads Ink or React;
// --version loads no runtime at all. (Packages scripts/build.js bundles into dist/ are not seen
// as packages here: Aedes, bundled, is looked for in the dist/ chunks a process loaded.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { icuUsesByPid, packagesByPid, recordLoads } from '../helpers/load-log.ts';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan, runDrove } from '../run/drove-cli.ts';

/** Whether process `pid` loaded Aedes: from node_modules, or a dist/ chunk it is bundled into (its class, named). */
function loadedAedes(log: string, pid: number): boolean {
	return readFileSync(log, 'utf8').split('\n').some((line) => {
		const [who, url] = line.split(' ');
		if (Number(who) !== pid || url === undefined) return false;
		if (url.includes('/node_modules/aedes/')) return true;
		return /\/dist\/chunks\/[^/]+\.js$/.test(url) && readFileSync(fileURLToPath(url), 'utf8').includes('__name(this,"Aedes")');
	});
}

test('--version loads no runtime: no protocol, broker, engine, dashboard or bundler', async (t) => {
	const { log, env } = recordLoads(t);
	const result = await runDrove(['--version'], t, { env });
	assert.equal(result.code, 0, result.stderr);
	const loaded = [...packagesByPid(log).values()].flatMap((set) => [...set]);
	for (const heavy of ['zod', 'mqtt', 'undici', 'aedes', 'esbuild', 'ink', 'react', 'hdr-histogram-js']) {
		assert.ok(!loaded.includes(heavy), `--version loaded ${heavy}`);
	}
	// Packages bundled into dist/ live in the runtime's chunks: none of those loaded either.
	const runtime = readFileSync(log, 'utf8').match(/dist\/chunks\/(?:main|run-fleet|run-workers|dashboard-run)-\w+\.js/g);
	assert.equal(runtime, null, `--version loaded the runtime: ${runtime?.join(', ')}`);
});

test('a headless run: the master loads no Ink, React or undici, its local worker no Ink, React, Aedes or esbuild', async (t) => {
	const target = await useTarget(t);
	const { log, env } = recordLoads(t);
	const drove = new DroveProcess(['-f', fixturePlan('steady.ts'), '--headless', '-u', '1', '-t', '1s', '-H', target.url, '--processes', '1'], t, { env });
	assert.equal(await drove.exitCode(), 0, drove.stderr);
	const byPid = packagesByPid(log);
	const master = byPid.get(drove.child.pid!);
	assert.ok(master, 'the master recorded its loads');
	assert.ok(loadedAedes(log, drove.child.pid!), 'the master runs the broker: Aedes');
	assert.ok(master.has('esbuild'), `the master bundles the plan: ${[...master].join(', ')}`);
	// Nor undici: only workers send requests (its HTTP parser is WebAssembly, compiled on load).
	for (const name of ['ink', 'react', 'undici']) assert.ok(!master.has(name), `the headless master loaded ${name}`);
	const workers = [...byPid].filter(([pid]) => pid !== drove.child.pid).map(([, set]) => set);
	assert.equal(workers.length, 1, 'one worker process recorded its loads');
	for (const name of ['ink', 'react', 'aedes', 'esbuild']) assert.ok(!workers[0]!.has(name), `the worker loaded ${name}`);
	const workerPid = [...byPid.keys()].find((pid) => pid !== drove.child.pid)!;
	assert.ok(!loadedAedes(log, workerPid), 'the worker loaded a chunk with Aedes in it');
	// Of undici, only the dispatcher: not its index (fetch, WebSocket, caches, mocks), which
	// importing anything from 'undici' loads; no multipart body, no FormData; no cookie, no jar.
	const workerFiles = readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith(`${workerPid} `));
	assert.ok(workerFiles.some((line) => line.includes('/undici/lib/dispatcher/client.js')), 'the worker loaded undici\'s Client');
	for (const file of ['/undici/index.js', '/undici/lib/web/fetch/index.js', '/undici/lib/web/fetch/formdata.js']) {
		assert.ok(!workerFiles.some((line) => line.endsWith(file)), `the worker loaded ${file}`);
	}
	assert.ok(!workers[0]!.has('tough-cookie'), 'the worker loaded tough-cookie with no Set-Cookie seen');
	// Nothing in a worker formats or collates by locale: each such call pages megabytes of ICU's
	// data into its RSS (hdr-histogram-js's index built an Intl.NumberFormat when it loaded, and
	// meow's dependencies sort with localeCompare; bench/README.md, session 4).
	assert.deepEqual(icuUsesByPid(log).get(workerPid) ?? [], [], 'the worker read ICU locale data');
});

test('a worker holds V8\'s new space at 8 MB: garbage that lives a while does not grow it', { skip: !process.versions.v8.startsWith('11.3.') && 'held on Node 20 only' }, async (t) => {
	// The plan keeps garbage alive for a while in the worker (an unheld worker grows its new
	// space to 32 MB with it), then records the size as an entry's name and ends the run.
	const target = await useTarget(t);
	const drove = new DroveProcess(['-f', fixturePlan('young-churn.ts'), '--headless', '-u', '1', '-t', '120s', '-H', target.url, '--processes', '1'], t);
	assert.equal(await drove.exitCode(), 0, drove.stderr);
	const sizes = [...drove.stdout.matchAll(/new space (\d+(?:\.\d+)?) MB/g)].map((m) => Number(m[1]));
	assert.ok(sizes.length > 0, `no new space recorded:\n${drove.stdout}`);
	for (const mb of sizes) assert.ok(mb <= 8, `the worker's new space grew to ${mb} MB`);
});
