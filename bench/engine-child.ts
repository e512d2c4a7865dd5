/**
 * The engine side of the benchmark, run pinned to one core by bench/engine.ts.
 * `throughput URL USERS SECONDS`: users with no wait hit `/`; prints {"rps", "requests", "failures", "cpuMs",
 * "newSpaceMb" (V8's young generation at the end)} as JSON. The young generation is held at 8 MB, as
 * a worker holds it; `BENCH_HOLD=0` runs without (the before of session 4), `BENCH_HOLD=MB` another size.
 * WebAssembly is compiled by TurboFan at once, as in a worker; `BENCH_LIFTOFF=1` runs without.
 * `idle URL USERS`: users that wait 5-10 s between requests, each with its own connection;
 * prints {"rss", "baseline" (RSS before the first user), "heapUsed": bytes, "users", "requests"} once every user has made its first request.
 */
import { existsSync, readdirSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { Engine } from '../source/engine/engine.ts';
import { between, user } from '../source/index.ts';
import { toUserClass } from '../source/plan/user.ts';
import { Recorder } from '../source/stats/recorder.ts';
import { holdYoungGeneration, optimizeWasmAtOnce } from '../source/run/v8-settings.ts';

// As a worker does (main.ts); BENCH_HOLD=MB another size, BENCH_HOLD=0 none (the before of session 4).
const held = Number(process.env['BENCH_HOLD'] ?? 8);
if (held > 0) holdYoungGeneration({ atBytes: held * 1024 * 1024 });
// As a worker does: undici's parser compiled by TurboFan at once; BENCH_LIFTOFF=1 keeps V8's
// baseline-then-tier-up default (the before of session 4's last change).
if (process.env['BENCH_LIFTOFF'] !== '1') optimizeWasmAtOnce();

const [mode, url, usersArg, secondsArg] = process.argv.slice(2);
const users = Number(usersArg ?? 50);
const recorder = new Recorder();
let requests = 0;
let failures = 0;
const sink = {
	request(method: string, name: string, ms: number, bytes: number, error?: string): void {
		requests++;
		if (error !== undefined) failures++;
		recorder.request(method, name, ms, bytes, error);
	},
	exception(message: string, traceback: string): void {
		recorder.exception(message, traceback);
	},
};
// A worker hands over a delta every couple of seconds: include that cost.
const deltas = setInterval(() => recorder.takeDelta(), 2_000);

const home = async ({ client }: { client: { get(path: string): Promise<unknown> } }): Promise<void> => {
	await client.get('/');
};
const cls = toUserClass('bench', user(mode === 'idle' ? { waitTime: between(5, 10), tasks: { home } } : { tasks: { home } }));
const engine = new Engine({ plan: { userClasses: [cls] }, host: url, sink, worker: { index: 0, count: 1 }, sharedPool: process.env.BENCH_SHARED === '1' });

if (mode === 'idle') {
	globalThis.gc?.();
	const baseline = process.memoryUsage().rss;
	engine.setTarget({ bench: users }, 2_000);
	while (requests < users) await new Promise((resolve) => setTimeout(resolve, 100));
	// Let the first requests' garbage go and the heap settle while everyone waits.
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	globalThis.gc?.();
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	globalThis.gc?.();
	const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
	// Open file descriptors (Linux): about one per user shows each kept its own connection.
	const sockets = existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : -1;
	console.log(JSON.stringify({ rss, baseline, heapUsed, heapTotal, external, arrayBuffers, users: Object.values(engine.userCounts()).reduce((a, b) => a + b, 0), sockets, requests, failures }));
} else {
	const seconds = Number(secondsArg ?? 10);
	engine.setTarget({ bench: users }, 0);
	// Warm up one second (JIT, connections), then count.
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	const startRequests = requests;
	const startedAt = performance.now();
	const cpu0 = process.cpuUsage();
	await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
	const elapsed = (performance.now() - startedAt) / 1_000;
	const cpu = process.cpuUsage(cpu0);
	const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
	console.log(JSON.stringify({ rps: (requests - startRequests) / elapsed, requests: requests - startRequests, failures, cpuMs: (cpu.user + cpu.system) / 1000, newSpaceMb: newSpace / 1024 / 1024 }));
}
clearInterval(deltas);
await engine.stop();
await engine.close();
process.exit(0);
