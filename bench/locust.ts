/**
 * Drove beside Locust (not a test): `npm run bench -- locust` or
 * `node --import tsx bench/locust.ts [--rounds 3] [--idle-users 5000] [--settle 5] [--late 0] [--skip-memory] [--skip-launch]
 *   [--skip-locust] [--base DIR]`.
 *
 * Every figure is measured for both tools in the same run, taking turns, each in fresh
 * processes against the same target (fixtures/target.ts, started here on 127.0.0.1), with the
 * same users (bench/plans/one-user.ts, idle-users.ts and locustfile.py). Locust is Debian's
 * python3-locust 2.12.1 (`locust` on the PATH, or BENCH_LOCUST="python3 -m locust").
 *
 * - **launch**: `-u 1 -t 1s` headless from launch: ms to the target's first request, and to
 *   exit. Drove is a plain run (a master and one local worker process); Locust runs as one
 *   process (its usual local run) and as a master plus one worker process (what Drove's local
 *   run is). Drove stops users at once (--stop-timeout 0, its default, as Locust's).
 * - **memory**: a master started headless with --expect-workers 1 (RSS once it listens and
 *   settles: before any worker joins), then one worker process joins and runs 1 user (one
 *   request a second), or `--idle-users` users that wait 5-10 s between requests (each with its
 *   own connection). RSS of the worker and the master `--settle` s after every user's first
 *   request; per idle user = (RSS with N users - RSS with 1) / (N - 1). `--late S` reads the
 *   idle worker's RSS again S s later: it keeps growing after the ramp (old-space garbage the
 *   next full GC collects, a young generation the ramp grew), so `--settle` alone flatters both.
 *   The goals (issue 12) print beside the figures: <= 60 MB with 1 user, <= 8.6 KB per idle
 *   user, under 160 MB with 10,000 idle users (`--idle-users 10000`). `--skip-locust` leaves
 *   Locust out of the memory figures (a before/after of Drove's alone, with `--base`).
 *
 * RSS is VmRSS from /proc (it counts the interpreter's shared pages too, for both tools).
 * - **remote join**: a headless master waits for one worker; once it listens and settles,
 *   `--worker` is launched against it: ms to the master's line saying it joined (Locust's
 *   "reported as ready") and to the target's first request.
 * - **stopping**: Drove's `-t 1s` run above, from the master's "stopping users" line to the exit.
 *
 * Medians over `--rounds`, and the load average. Everything stays on 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startTarget, type Target } from '../fixtures/target.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string): string => {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1]! : fallback;
};
const rounds = Number(arg('--rounds', '3'));
const idleUsers = Number(arg('--idle-users', '5000'));
const settleMs = Number(arg('--settle', '5')) * 1000;
const lateMs = Number(arg('--late', '0')) * 1000;
const skipMemory = process.argv.includes('--skip-memory');
const skipLaunch = process.argv.includes('--skip-launch');
const skipLocust = process.argv.includes('--skip-locust');
// --base DIR: another checkout's Drove (built there: `node scripts/build.js`) runs the launch,
// join and memory figures too, taking turns with this one: a before/after in the same minutes.
const base = process.argv.includes('--base') ? arg('--base', '') : undefined;
const locustCommand = (process.env['BENCH_LOCUST'] ?? 'locust').split(' ');
const drovePlan = { one: 'bench/plans/one-user.ts', idle: 'bench/plans/idle-users.ts' };
const locustfile = 'bench/plans/locustfile.py';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]): number => {
	const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A child process with its output kept, killed at the end of the bench if still alive. */
class Proc {
	readonly child: ChildProcess;
	output = '';
	/** When each line arrived (performance.now()), to time events the tool prints. */
	readonly lines: Array<{ at: number; text: string }> = [];
	readonly exited: Promise<number | null>;
	static all: Proc[] = [];

	constructor(command: string[], env: NodeJS.ProcessEnv = {}) {
		this.child = spawn(command[0]!, command.slice(1), { cwd: root, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
		for (const stream of [this.child.stdout!, this.child.stderr!]) createInterface({ input: stream }).on('line', (line) => {
			this.output += `${line}\n`;
			this.lines.push({ at: performance.now(), text: line });
		});
		this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
		Proc.all.push(this);
	}

	get pid(): number {
		return this.child.pid!;
	}

	async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const match = pattern.exec(this.output);
			if (match) return match;
			if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`never printed ${pattern}:\n${this.output.slice(-2000)}`);
			await sleep(20);
		}
	}

	/** When the first line matching `pattern` arrived (NaN if none did). */
	lineAt(pattern: RegExp): number {
		return this.lines.find((line) => pattern.test(line.text))?.at ?? Number.NaN;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		this.child.kill('SIGINT');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
		await this.exited;
		clearTimeout(timer);
	}
}

/** VmRSS of a process, in MB. */
async function rssMb(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** Resolves once the target has seen more than `count` requests; polled every 2 ms. */
async function requestsAbove(target: Target, count: number, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (target.counters.requests <= count && Date.now() < deadline) await sleep(2);
}

type Tool = 'drove' | 'drove-base' | 'locust' | 'locust-distributed';
type JoinTool = 'drove' | 'drove-base' | 'locust';
type MemoryTool = JoinTool;
const isDrove = (tool: Tool): tool is 'drove' | 'drove-base' => tool === 'drove' || tool === 'drove-base';
/** The `drove` command of this tree or of --base. */
const droveBin = (tool: 'drove' | 'drove-base'): string => (tool === 'drove' ? 'bin/drove.js' : `${base}/bin/drove.js`);
interface Launch {
	firstMs: number;
	wallMs: number;
	/** Drove: from the master's `stopping users` line to the exit of the last process. */
	stoppingMs: number;
}

/** `-u 1 -t 1s` from launch: to the first request and to exit. */
async function launch(tool: Tool, target: Target): Promise<Launch> {
	const before = target.counters.requests;
	const started = performance.now();
	const procs: Proc[] = [];
	if (isDrove(tool)) {
		procs.push(new Proc([process.execPath, droveBin(tool), '-f', drovePlan.one, '-H', target.url, '--headless', '-u', '1', '-r', '1', '-t', '1s', '--processes', '1']));
	} else if (tool === 'locust') {
		procs.push(new Proc([...locustCommand, '-f', locustfile, '-H', target.url, '--headless', '-u', '1', '-r', '1', '-t', '1s', '--only-summary']));
	} else {
		const port = await freePort();
		procs.push(new Proc([...locustCommand, '-f', locustfile, '-H', target.url, '--headless', '-u', '1', '-r', '1', '-t', '1s', '--only-summary', '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(port), '--expect-workers', '1']));
		procs.push(new Proc([...locustCommand, '-f', locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(port)]));
	}
	// Under heavy load Locust's run-time timer can fire before its user sends anything (gevent's
	// clock is read before a slow start): no first request then (NaN, left out of the median).
	const exited = Promise.all(procs.map((p) => p.exited));
	let firstMs = Number.NaN;
	await Promise.race([requestsAbove(target, before).then(() => (firstMs = performance.now() - started)), exited]);
	await exited;
	const ended = performance.now();
	return { firstMs, wallMs: ended - started, stoppingMs: isDrove(tool) ? ended - procs[0]!.lineAt(/stopping users/) : Number.NaN };
}

interface Join {
	/** From the worker's launch to the master's line saying it joined. */
	joinMs: number;
	/** From the worker's launch to the target's first request (the master waits for it: --expect-workers 1). */
	firstMs: number;
}

/**
 * A remote worker: a headless master waits for one worker (`--expect-workers 1`), settled; then
 * `--worker` is launched against it. Times to the master's joined line and to the first request.
 */
async function join(tool: JoinTool, target: Target): Promise<Join> {
	const before = target.counters.requests;
	const port = isDrove(tool) ? '0' : String(await freePort());
	const run = ['-H', target.url, '--headless', '-u', '1', '-r', '1', '-t', '1s', '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', port, '--expect-workers', '1'];
	const master = isDrove(tool)
		? new Proc([process.execPath, droveBin(tool), '-f', drovePlan.one, ...run])
		: new Proc([...locustCommand, '-f', locustfile, ...run, '--only-summary']);
	try {
		const bound = isDrove(tool) ? (await master.waitFor(/--master-port=(\d+)/))[1]! : (await master.waitFor(/Waiting for workers/), port);
		await sleep(500);
		const started = performance.now();
		const worker = isDrove(tool)
			? new Proc([process.execPath, droveBin(tool), '--worker', '--master-host', '127.0.0.1', '--master-port', bound])
			: new Proc([...locustCommand, '-f', locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', bound]);
		let firstMs = Number.NaN;
		const exited = Promise.all([master.exited, worker.exited]);
		await Promise.race([requestsAbove(target, before).then(() => (firstMs = performance.now() - started)), exited]);
		await exited;
		return { joinMs: master.lineAt(isDrove(tool) ? /worker \S+ joined/ : /reported as ready/) - started, firstMs };
	} finally {
		await Promise.all(Proc.all.map((p) => p.stop()));
	}
}

interface Memory {
	masterBeforeMb: number;
	masterMb: number;
	workerMb: number;
	/** The worker's RSS `--late` s after `workerMb` (NaN without --late, or with 1 user). */
	workerLateMb: number;
}

/** A master waiting for one worker, then the worker with `users` users: RSS of each. */
async function memory(tool: MemoryTool, target: Target, users: number): Promise<Memory> {
	const idle = users > 1;
	// 250 users/s: faster ramps starved a worker on a loaded 2-core box (its heartbeats stalled, the
	// master counted it missing and ended the run).
	const rate = String(Math.min(users, 250));
	let master: Proc;
	let worker: Proc;
	const opened = target.counters.connections;
	if (isDrove(tool)) {
		master = new Proc([process.execPath, droveBin(tool), '-f', idle ? drovePlan.idle : drovePlan.one, '-H', target.url, '--headless', '-u', String(users), '-r', rate, '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--expect-workers', '1']);
		const port = (await master.waitFor(/--master-port=(\d+)/))[1]!;
		await sleep(settleMs);
		const masterBeforeMb = await rssMb(master.pid);
		worker = new Proc([process.execPath, droveBin(tool), '--worker', '--master-host', '127.0.0.1', '--master-port', port]);
		return measureRunning(master, worker, masterBeforeMb, target, opened, users);
	}
	const port = await freePort();
	const env = idle ? { BENCH_IDLE: '1' } : {};
	master = new Proc([...locustCommand, '-f', locustfile, '-H', target.url, '--headless', '-u', String(users), '-r', rate, '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(port), '--expect-workers', '1'], env);
	await master.waitFor(/[Ww]aiting for workers|Starting Locust/);
	await sleep(settleMs);
	const masterBeforeMb = await rssMb(master.pid);
	worker = new Proc([...locustCommand, '-f', locustfile, '--worker', '--master-host', '127.0.0.1', '--master-port', String(port)], env);
	return measureRunning(master, worker, masterBeforeMb, target, opened, users);
}

/** Waits until every user has opened its connection (made its first request), settles, reads RSS, stops both. */
async function measureRunning(master: Proc, worker: Proc, masterBeforeMb: number, target: Target, opened: number, users: number): Promise<Memory> {
	try {
		const deadline = Date.now() + 180_000;
		while (target.counters.connections - opened < users) {
			if (Date.now() > deadline || worker.child.exitCode !== null) throw new Error(`${target.counters.connections - opened} of ${users} users connected:\n${worker.output.slice(-1500)}${master.output.slice(-1500)}`);
			await sleep(50);
		}
		await sleep(settleMs);
		for (const proc of [master, worker]) {
			if (proc.child.exitCode !== null) throw new Error(`exited (${proc.child.exitCode}) before it was measured:\n${proc.output.slice(-1500)}`);
		}
		const measured = { masterBeforeMb, masterMb: await rssMb(master.pid), workerMb: await rssMb(worker.pid), workerLateMb: Number.NaN };
		if (lateMs > 0 && users > 1) {
			await sleep(lateMs);
			if (worker.child.exitCode !== null) throw new Error(`exited (${worker.child.exitCode}) before its late reading:\n${worker.output.slice(-1500)}`);
			measured.workerLateMb = await rssMb(worker.pid);
		}
		return measured;
	} finally {
		await master.stop();
		await worker.stop();
	}
}

const f0 = (n: number): string => n.toFixed(0);
const f1 = (n: number): string => n.toFixed(1);

async function main(): Promise<void> {
	// Drove as a person runs it: dist/, built from the source now.
	const built = spawnSync(process.execPath, ['scripts/build.js'], { cwd: root, stdio: 'inherit' });
	if (built.status !== 0) throw new Error('scripts/build.js failed');
	const target = await startTarget(0, '127.0.0.1');
	const launches: Record<Tool, Launch[]> = { drove: [], 'drove-base': [], locust: [], 'locust-distributed': [] };
	const joins: Record<JoinTool, Join[]> = { drove: [], 'drove-base': [], locust: [] };
	const loads: number[] = [];
	const mem: Record<MemoryTool, { one: Memory[]; idle: Memory[] }> = { drove: { one: [], idle: [] }, 'drove-base': { one: [], idle: [] }, locust: { one: [], idle: [] } };
	try {
		for (let round = 1; round <= rounds; round++) {
			// Take turns, the first tool alternating, so drift in the machine's load hits both.
			const droves: JoinTool[] = base === undefined ? ['drove'] : round % 2 ? ['drove', 'drove-base'] : ['drove-base', 'drove'];
			const joinOrder: JoinTool[] = round % 2 ? [...droves, 'locust'] : ['locust', ...droves];
			loads.push(loadavg()[0]!);
			if (!skipLaunch) {
				for (const tool of [...joinOrder, 'locust-distributed'] as Tool[]) {
					const result = await launch(tool, target);
					launches[tool].push(result);
					console.log(`round ${round} launch ${tool}: first request ${f0(result.firstMs)} ms, exit ${f0(result.wallMs)} ms${isDrove(tool) ? `, stopping ${f0(result.stoppingMs)} ms` : ''}`);
				}
				for (const tool of joinOrder) {
					const result = await join(tool, target);
					joins[tool].push(result);
					console.log(`round ${round} remote join ${tool}: joined ${f0(result.joinMs)} ms, first request ${f0(result.firstMs)} ms after the worker's launch`);
				}
			}
			if (!skipMemory) {
				for (const tool of joinOrder.filter((tool) => !(skipLocust && tool === 'locust'))) {
					const one = await memory(tool, target, 1);
					mem[tool].one.push(one);
					console.log(`round ${round} memory ${tool}, 1 user: worker ${f1(one.workerMb)} MB, master ${f1(one.masterBeforeMb)} MB before workers join, ${f1(one.masterMb)} MB with one`);
					// A tool that cannot hold them all (Locust's one process at 10,000 users on this box
					// connected 9,501 in 180 s) is reported as such, not the end of the bench.
					const many = await memory(tool, target, idleUsers).catch((error: unknown): Memory => {
						console.log(`round ${round} memory ${tool}, ${idleUsers} idle users: not measured: ${(error as Error).message.split('\n')[0]}`);
						return { masterBeforeMb: Number.NaN, masterMb: Number.NaN, workerMb: Number.NaN, workerLateMb: Number.NaN };
					});
					mem[tool].idle.push(many);
					if (Number.isNaN(many.workerMb)) continue;
					const late = lateMs > 0 ? `; ${f1(many.workerLateMb)} MB ${lateMs / 1000} s later` : '';
					console.log(`round ${round} memory ${tool}, ${idleUsers} idle users: worker ${f1(many.workerMb)} MB (${f1(((many.workerMb - one.workerMb) * 1024) / (idleUsers - 1))} KB a user)${late}`);
				}
			}
		}
	} finally {
		await Promise.all(Proc.all.map((p) => p.stop()));
		await target.close();
	}

	const rows: string[][] = [];
	const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
	const goal = (value: number, limit: number, text: string): string => `${text}: ${value <= limit ? 'met' : 'not met'}`;
	// The time goals are "under": a figure equal to the limit misses them.
	const under = (ms: number, limitMs: number): string => `< ${limitMs / 1000} s: ${ms < limitMs ? 'met' : 'not met'}`;
	if (!skipMemory) {
		const m = (tool: MemoryTool, pick: (x: Memory) => number, kind: 'one' | 'idle'): number => median(mem[tool][kind].map(pick));
		const perUser = (tool: MemoryTool): number => median(mem[tool].idle.map((x, i) => ((x.workerMb - mem[tool].one[i]!.workerMb) * 1024) / (idleUsers - 1)));
		const add = (label: string, drove: number, locust: number, unit: string, goal = '', digits = 1): void => {
			const shown = (v: number): string => (Number.isNaN(v) ? 'not measured' : `${v.toFixed(digits)} ${unit}`);
			rows.push([label, shown(drove), shown(locust), Number.isNaN(drove / locust) ? '' : ratio(drove, locust), goal]);
		};
		const workerOne = m('drove', (x) => x.workerMb, 'one');
		const masterBefore = m('drove', (x) => x.masterBeforeMb, 'one');
		const workerIdle = m('drove', (x) => x.workerMb, 'idle');
		add('worker RSS, 1 user', workerOne, m('locust', (x) => x.workerMb, 'one'), 'MB', goal(workerOne, 60, '<= 60 MB'));
		add('master RSS, headless, before workers join', masterBefore, m('locust', (x) => x.masterBeforeMb, 'one'), 'MB', goal(masterBefore, 80, '<= 80 MB'));
		add('master RSS, headless, 1 worker with 1 user', m('drove', (x) => x.masterMb, 'one'), m('locust', (x) => x.masterMb, 'one'), 'MB');
		add(`worker RSS, ${idleUsers} idle users`, workerIdle, m('locust', (x) => x.workerMb, 'idle'), 'MB', idleUsers === 10_000 ? goal(workerIdle, 160, '< 160 MB') : '');
		if (lateMs > 0) add(`worker RSS, ${idleUsers} idle users, ${lateMs / 1000} s later`, m('drove', (x) => x.workerLateMb, 'idle'), m('locust', (x) => x.workerLateMb, 'idle'), 'MB');
		add(`per idle user (${idleUsers} users, 5-10 s waits)`, perUser('drove'), perUser('locust'), 'KB', goal(perUser('drove'), 8.6, '<= 8.6 KB'));
		if (base !== undefined) {
			const versus = (label: string, now: number, before: number, unit: string): void => {
				rows.push([`${label}, --base ${base}`, `${before.toFixed(1)} ${unit}`, '', `now ${ratio(now, before)} of --base`, '']);
			};
			versus('worker RSS, 1 user', workerOne, m('drove-base', (x) => x.workerMb, 'one'), 'MB');
			versus(`worker RSS, ${idleUsers} idle users`, workerIdle, m('drove-base', (x) => x.workerMb, 'idle'), 'MB');
			if (lateMs > 0) versus(`worker RSS, ${idleUsers} idle users, ${lateMs / 1000} s later`, m('drove', (x) => x.workerLateMb, 'idle'), m('drove-base', (x) => x.workerLateMb, 'idle'), 'MB');
			versus(`per idle user (${idleUsers} users)`, perUser('drove'), perUser('drove-base'), 'KB');
		}
	}
	if (!skipLaunch) {
		const l = (tool: Tool, pick: (x: Launch) => number): number => median(launches[tool].map(pick));
		for (const [label, pick, limitMs] of [['launch to first request, -u 1', (x: Launch) => x.firstMs, 1000], ['-t 1s run, launch to exit', (x: Launch) => x.wallMs, 2500]] as const) {
			const drove = l('drove', pick);
			rows.push([label, `${f0(drove)} ms`, `${f0(l('locust', pick))} ms (1 process); ${f0(l('locust-distributed', pick))} ms (master + worker)`, `${ratio(drove, l('locust', pick))}; ${ratio(drove, l('locust-distributed', pick))}`, under(drove, limitMs)]);
		}
		const j = (tool: JoinTool, pick: (x: Join) => number): number => median(joins[tool].map(pick));
		const joined = j('drove', (x) => x.joinMs);
		rows.push(['remote worker, launch to joined', `${f0(joined)} ms`, `${f0(j('locust', (x) => x.joinMs))} ms`, ratio(joined, j('locust', (x) => x.joinMs)), under(joined, 500)]);
		rows.push(['remote worker, launch to first request', `${f0(j('drove', (x) => x.firstMs))} ms`, `${f0(j('locust', (x) => x.firstMs))} ms`, ratio(j('drove', (x) => x.firstMs), j('locust', (x) => x.firstMs)), '']);
		const stopping = l('drove', (x) => x.stoppingMs);
		rows.push(['stopping users to exit, -t 1s run', `${f0(stopping)} ms`, '', '', under(stopping, 500)]);
		if (base !== undefined) {
			const versus = (label: string, now: number, before: number): void => {
				rows.push([`${label}, --base ${base}`, `${f0(before)} ms`, '', `now ${ratio(now, before)} of --base`, '']);
			};
			versus('launch to first request, -u 1', l('drove', (x) => x.firstMs), l('drove-base', (x) => x.firstMs));
			versus('-t 1s run, launch to exit', l('drove', (x) => x.wallMs), l('drove-base', (x) => x.wallMs));
			versus('remote worker, launch to joined', j('drove', (x) => x.joinMs), j('drove-base', (x) => x.joinMs));
			versus('stopping users to exit', l('drove', (x) => x.stoppingMs), l('drove-base', (x) => x.stoppingMs));
		}
	}
	console.log(`\nmedians of ${rounds} round(s), load average ${loads.map((x) => x.toFixed(1)).join(', ')}; Drove = drove (dist/), Locust = ${locustCommand.join(' ')} 2.12.1\n`);
	console.log('| figure | Drove | Locust | Drove / Locust | goal (issue 12) |\n| --- | --- | --- | --- | --- |');
	for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

await main();
