/**
 * Master scale benchmark (not a test): `npm run bench -- master-scale` or
 * `node --import tsx bench/master-scale.ts [--workers 200,1000] [--seconds 20] [--warmup 5] [--sims 2] [--pin] [--skip-peer] [--scrape] [--base DIR] [--rounds 1] [--verbose] [--die] [--profile DIR]`.
 *
 * For each fleet size, two runs take turns on the same machine, each in fresh processes:
 * 1. peer: a bare Aedes broker (same version as the master's) with one in-process subscriber
 *    that receives every worker message and does nothing else: the cost of moving the bytes;
 * 2. drove: a real master (`startMaster`, embedded broker) that decodes, validates, dedupes,
 *    acks and aggregates the same stream, and sends heartbeats and orders.
 * The measured process (bench/master-child.ts) runs alone on core 1; the simulated workers
 * (bench/sim-workers.ts, real MQTT clients speaking the worker protocol, 10 endpoints of real
 * compressed histograms a delta, heartbeat and delta every second) run in `--sims` processes
 * on core 0. After every worker has joined (and, for the master, every worker runs its users)
 * and `--warmup` seconds more, the child's CPU time and RSS are sampled over `--seconds`.
 * With `--scrape`, a third run: the same master serving `--metrics-port`, its /metrics fetched
 * by this process every second (what a Prometheus with a 1 s interval costs the master).
 * With `--base DIR`, another run: the master of the Drove checkout in DIR (another commit, made
 * with `git worktree add`), under the same simulators, so two versions compare side by side.
 * `--rounds N` repeats it all N times, alternating which master goes first, and prints medians.
 * Everything stays on 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChildCommand, Sample } from './master-child.ts';
import type { SimCounters } from './sim-workers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string): string => {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1]! : fallback;
};
const fleets = arg('--workers', '200,1000').split(',').map(Number);
const seconds = Number(arg('--seconds', '20'));
const warmup = Number(arg('--warmup', '5'));
const simProcesses = Number(arg('--sims', '2'));
/** Write V8 CPU profiles of the measured processes under this directory (one folder a run; the
 * largest file of a folder is the main thread, the other tsx's loader thread). */
const profileDir = arg('--profile', '');
/** Users per worker the master dispatches (they only show in heartbeats: nobody sends HTTP). */
const USERS_PER_WORKER = 10;
const JOIN_DEADLINE_MS = 300_000;
/** Pin the measured process to core 1 and the simulators to core 0. Off by default: on a shared
 * machine a pinned master cannot escape other load on its core; CPU time is measured either way. */
const canPin = process.argv.includes('--pin') && availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
/** Print the fleet's progress every 5 s (joins, states, reconnects), to see what a slow run does. */
const verbose = process.argv.includes('--verbose');
const skipPeer = process.argv.includes('--skip-peer');
const withScrape = process.argv.includes('--scrape');
/** At the end the workers drop their connections (every Last Will at once) instead of quitting. */
const dieAtOnce = process.argv.includes('--die');
/** Another checkout's master to run beside this one's (`--base /tmp/base-da5`). */
const baseTree = arg('--base', '');
const rounds = Number(arg('--rounds', '1'));
const tsx = ['--import', 'tsx'];

function pinned(core: number, args: string[]): [string, string[]] {
	return canPin ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
}

function start([command, args]: [string, string[]]): ChildProcess {
	return spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The next IPC message of `type` from `child`, or a rejection at the deadline or its exit. */
function next<T>(child: ChildProcess, type: string, timeoutMs = 30_000): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => done(new Error(`no ${type} from the child within ${timeoutMs} ms`)), timeoutMs);
		const onMessage = (message: { type: string }): void => {
			if (message.type === type) done(undefined, message as T);
		};
		const onExit = (code: number | null): void => done(new Error(`child exited with ${code} while waiting for ${type}`));
		function done(error: Error | undefined, value?: T): void {
			clearTimeout(timer);
			child.off('message', onMessage);
			child.off('exit', onExit);
			if (error) reject(error);
			else resolve(value!);
		}
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

function ask<T>(child: ChildProcess, command: ChildCommand | { type: 'counters' }, reply: string): Promise<T> {
	const answer = next<T>(child, reply);
	child.send(command);
	return answer;
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	if (child.connected) child.send({ type: 'quit' });
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One progress line (--verbose). */
async function report(kind: string, child: ChildProcess, sims: ChildProcess[], since: number): Promise<void> {
	try {
		const s = await ask<Sample>(child, { type: 'sample' }, 'sample');
		const c = await Promise.all(sims.map((sim) => ask<SimCounters>(sim, { type: 'counters' }, 'counters')));
		const total = (key: 'connected' | 'welcomed' | 'reconnects' | 'pending' | 'resent'): number => c.reduce((sum, x) => sum + x[key], 0);
		console.log(
			`    ${kind} +${Math.round((performance.now() - since) / 1000)} s: cpu ${((s.userUs + s.systemUs) / 1e6).toFixed(1)} s, rss ${Math.round(s.rssBytes / 1048576)} MB, ` +
				`states ${JSON.stringify(s.states)}, malformed ${s.malformed}, broker in flight ${s.mq.current} queued ${s.mq.queued} (max ${s.mq.maxQueued}); sims connected ${total('connected')}, welcomed ${total('welcomed')}, reconnects ${total('reconnects')}, unacked ${total('pending')}, resent ${total('resent')}`,
		);
	} catch {
		// A child that is gone shows up in the run itself.
	}
}

/** What one measured run found. */
interface Result {
	cpuPercent: number;
	rssMb: number;
	peakRssMb: number;
	/** Worker messages received per second by the master or the peer's subscriber. */
	messagesPerSecond: number;
	/** Deltas the simulators sent per second (first sends), and what resends they made. */
	deltasPerSecond: number;
	resent: number;
	workers: number;
	users: number;
	simCpuPercent: number;
	joinSeconds: number;
	statsBytes: number;
	/** --scrape: bytes of the last /metrics answer, and the mean and slowest answer time, ms. */
	scrape?: { bytes: number; meanMs: number; maxMs: number; count: number };
}

/** GET /metrics once: its size and how long the answer took. */
async function scrapeOnce(port: number): Promise<{ bytes: number; ms: number }> {
	const started = performance.now();
	const response = await fetch(`http://127.0.0.1:${port}/metrics`);
	const text = await response.text();
	return { bytes: Buffer.byteLength(text), ms: performance.now() - started };
}

type Kind = 'master' | 'aedes' | 'scraped' | 'base';

async function measure(kind: Kind, workers: number, round = 0): Promise<Result> {
	const profile = profileDir === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', `${profileDir}/${kind}-${workers}-${round}`];
	const role = kind === 'scraped' ? ['master', 'scrape'] : kind === 'base' ? ['master', '--tree', baseTree] : [kind];
	const child = start(pinned(1, [...profile, ...tsx, 'bench/master-child.ts', ...role]));
	const sims: ChildProcess[] = [];
	let progress: NodeJS.Timeout | undefined;
	try {
		const { port, metricsPort } = await next<{ port: number; metricsPort?: number }>(child, 'ready');
		const scrapes: Array<{ bytes: number; ms: number }> = [];
		let scraper: NodeJS.Timeout | undefined;
		const joinStarted = performance.now();
		const per = Math.ceil(workers / simProcesses);
		for (let first = 0; first < workers; first += per) {
			const count = Math.min(per, workers - first);
			const mode = kind === 'aedes' ? 'blind' : 'drove';
			sims.push(start(pinned(0, [...tsx, 'bench/sim-workers.ts', '--url', `mqtt://127.0.0.1:${port}`, '--count', String(count), '--first', String(first), '--mode', mode, ...(dieAtOnce ? ['--die'] : [])])));
		}
		progress = verbose ? setInterval(() => void report(kind, child, sims, joinStarted), 5000) : undefined;
		await Promise.all(sims.map((sim) => next(sim, 'joined', JOIN_DEADLINE_MS)));
		const joinSeconds = (performance.now() - joinStarted) / 1000;
		if (kind !== 'aedes') {
			const target = workers * USERS_PER_WORKER;
			child.send({ type: 'start', users: target } satisfies ChildCommand);
			const deadline = Date.now() + 60_000;
			while ((await ask<Sample>(child, { type: 'sample' }, 'sample')).users < target && Date.now() < deadline) await sleep(500);
		}
		await sleep(warmup * 1000);

		const counters = (): Promise<SimCounters[]> => Promise.all(sims.map((sim) => ask<SimCounters>(sim, { type: 'counters' }, 'counters')));
		const sum = (list: SimCounters[], key: 'statsSent' | 'resent' | 'cpuUs'): number => list.reduce((total, c) => total + c[key], 0);
		if (metricsPort !== undefined) scraper = setInterval(() => void scrapeOnce(metricsPort).then((one) => scrapes.push(one), () => {}), 1000);
		const c0 = await counters();
		const s0 = await ask<Sample>(child, { type: 'sample' }, 'sample');
		const t0 = performance.now();
		let peak = s0.rssBytes;
		let last = s0;
		while (performance.now() - t0 < seconds * 1000) {
			await sleep(1000);
			last = await ask<Sample>(child, { type: 'sample' }, 'sample');
			peak = Math.max(peak, last.rssBytes);
		}
		const elapsedMs = performance.now() - t0;
		clearInterval(scraper);
		const c1 = await counters();
		const cpuMs = (last.userUs + last.systemUs - s0.userUs - s0.systemUs) / 1000;
		return {
			cpuPercent: (cpuMs / elapsedMs) * 100,
			rssMb: last.rssBytes / 1024 / 1024,
			peakRssMb: peak / 1024 / 1024,
			messagesPerSecond: (last.messages - s0.messages) / (elapsedMs / 1000),
			deltasPerSecond: (sum(c1, 'statsSent') - sum(c0, 'statsSent')) / (elapsedMs / 1000),
			resent: sum(c1, 'resent') - sum(c0, 'resent'),
			workers: last.workers,
			users: last.users,
			simCpuPercent: ((sum(c1, 'cpuUs') - sum(c0, 'cpuUs')) / 1000 / elapsedMs) * 100,
			joinSeconds,
			statsBytes: c1[0]?.statsBytes ?? 0,
			...(scrapes.length === 0 ? {} : { scrape: { bytes: scrapes.at(-1)!.bytes, meanMs: scrapes.reduce((sum, s) => sum + s.ms, 0) / scrapes.length, maxMs: Math.max(...scrapes.map((s) => s.ms)), count: scrapes.length } }),
		};
	} finally {
		clearInterval(progress);
		// The workers leave first, all at once (as they do on the master's quit); then check that
		// the measured process lived through that burst before stopping it.
		const aliveBefore = child.exitCode === null && child.signalCode === null;
		await Promise.all(sims.map(stop));
		await sleep(2000);
		if (aliveBefore && (child.exitCode !== null || child.signalCode !== null)) {
			console.log(`  warning: the ${kind === 'aedes' ? 'bare Aedes' : 'master'} process died when ${workers} workers ${dieAtOnce ? 'died' : 'quit'} at once (exit ${child.exitCode ?? child.signalCode}); see its stderr above`);
		}
		await stop(child);
	}
}

const fixed = (x: number, digits = 1): string => x.toFixed(digits);
const round = (x: number): string => Math.round(x).toLocaleString('en-US');

console.log(
	`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores; ${canPin ? 'pinned with taskset (measured process on core 1, simulators on core 0)' : 'not pinned (--pin to pin)'}; ` +
		`node ${process.version}; ${new Date().toISOString()}`,
);
if (process.env.BENCH_AEDES_CONCURRENCY) console.log(`experiment: Aedes concurrency ${process.env.BENCH_AEDES_CONCURRENCY} (default 100) in the measured processes`);
console.log(`each worker: heartbeat + stats delta (10 endpoints, real compressed histograms) every 1 s; ${simProcesses} simulator processes; ${warmup} s warm-up, ${seconds} s window`);
const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const line = (name: string, r: Result): string =>
	`  ${name.padEnd(13)} CPU ${fixed(r.cpuPercent).padStart(5)} % of a core, RSS ${round(r.rssMb)} MB (peak ${round(r.peakRssMb)}), ` +
	`${round(r.messagesPerSecond)} worker msgs/s in, ${round(r.deltasPerSecond)} deltas/s sent (${r.resent} resent), ` +
	`${r.workers} workers${name.endsWith('master') ? `, ${round(r.users)} users` : ''}; joined in ${fixed(r.joinSeconds)} s; simulators ${fixed(r.simCpuPercent)} % CPU`;
const loadAverage = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

if (baseTree !== '') console.log(`base: the master of ${baseTree} (${spawnSync('git', ['-C', baseTree, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'not a git checkout'}) beside this one`);
for (const workers of fleets) {
	const all: Partial<Record<Kind, Result[]>> = {};
	const names: Record<Kind, string> = { aedes: 'bare Aedes', master: 'drove master', base: 'base master', scraped: '+ /metrics 1s' };
	/** Keeps a run's result and prints its line at once (a later run may never finish on a starved machine). */
	const keep = (kind: Kind, r: Result): Result => {
		(all[kind] ??= []).push(r);
		console.log(line(names[kind], r));
		return r;
	};
	for (let r = 0; r < rounds; r++) {
		const before = loadAverage();
		const peer = skipPeer ? undefined : keep('aedes', await measure('aedes', workers, r));
		// Alternate which master goes first, so neither always meets the machine's later mood.
		const order: Kind[] = baseTree === '' ? ['master'] : r % 2 === 0 ? ['master', 'base'] : ['base', 'master'];
		const runs: Partial<Record<Kind, Result>> = {};
		for (const kind of order) runs[kind] = keep(kind, await measure(kind, workers, r));
		const drove = runs.master!;
		const scraped = withScrape ? keep('scraped', await measure('scraped', workers, r)) : undefined;
		console.log(`${workers} workers${rounds > 1 ? `, round ${r + 1} of ${rounds}` : ''} (stats payload about ${round(drove.statsBytes)} bytes; load average ${before} before, ${loadAverage()} after):`);
		if (peer) console.log(`  ratio: master/peer CPU ${fixed(drove.cpuPercent / peer.cpuPercent, 2)}x, RSS ${fixed(drove.rssMb / peer.rssMb, 2)}x`);
		if (runs.base) console.log(`  ratio: master/base CPU ${fixed(drove.cpuPercent / runs.base.cpuPercent, 2)}x, RSS ${fixed(drove.rssMb / runs.base.rssMb, 2)}x`);
		if (scraped) {
			const s = scraped.scrape;
			if (s) console.log(`  /metrics: ${s.count} scrapes, ${round(s.bytes)} bytes each, answered in ${fixed(s.meanMs)} ms on average (slowest ${fixed(s.maxMs)} ms)`);
			console.log(`  ratio: scraped/unscraped master CPU ${fixed(scraped.cpuPercent / drove.cpuPercent, 2)}x (+${fixed(scraped.cpuPercent - drove.cpuPercent)} points of a core), RSS ${fixed(scraped.rssMb / drove.rssMb, 2)}x`);
		}
	}
	if (rounds > 1) {
		const cpu = (kind: Kind): number => median((all[kind] ?? []).map((x) => x.cpuPercent));
		const rss = (kind: Kind): number => median((all[kind] ?? []).map((x) => x.rssMb));
		const row = (name: string, kind: Kind): string => `  ${name.padEnd(13)} CPU ${fixed(cpu(kind))} % of a core, RSS ${round(rss(kind))} MB`;
		console.log(`${workers} workers, medians of ${rounds} rounds:`);
		for (const [name, kind] of [['bare Aedes', 'aedes'], ['drove master', 'master'], ['base master', 'base'], ['+ /metrics 1s', 'scraped']] as const) if (all[kind]) console.log(row(name, kind));
		if (all.aedes) console.log(`  ratio: master/peer CPU ${fixed(cpu('master') / cpu('aedes'), 2)}x, RSS ${fixed(rss('master') / rss('aedes'), 2)}x`);
		if (all.base) console.log(`  ratio: master/base CPU ${fixed(cpu('master') / cpu('base'), 2)}x, RSS ${fixed(rss('master') / rss('base'), 2)}x`);
		if (all.scraped) console.log(`  ratio: scraped/unscraped CPU ${fixed(cpu('scraped') / cpu('master'), 2)}x (+${fixed(cpu('scraped') - cpu('master'))} points), RSS ${fixed(rss('scraped') / rss('master'), 2)}x`);
	}
}
