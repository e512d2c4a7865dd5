/**
 * Dashboard memory benchmark (not a test): `npm run bench -- dashboard-memory` or
 * `node --import tsx bench/dashboard-memory.ts [--rounds 3] [--seconds 40] [--at 20] [--size 120x40] [--skip-locust] [--base DIR[,DIR...]]`.
 *
 * Issue 12's "master with the dashboard at most 110 MB RSS", beside the headless master and
 * Locust's master, in one run, taking turns (the first alternating each round), fresh
 * processes each time, one target (fixtures/target.ts on 127.0.0.1) for all:
 *
 * - **drove dashboard**: a plain run, `node bin/drove.js -f bench/plans/one-user.ts -H TARGET
 *   -u 1 -r 1 --processes 1`, in a `--size` tmux terminal of its own (`env -u CI`: Ink draws);
 * - **drove headless**: the same with `--headless`, in the same kind of terminal;
 * - **locust web UI** and **locust headless**: Debian's python3-locust 2.12.1 as a master
 *   (`--autostart` with its web UI on 127.0.0.1, or `--headless`) with one `--worker` process,
 *   the same user (bench/plans/locustfile.py: `GET /`, then 1 s).
 *
 * The master's VmRSS (/proc; the worker processes are not counted) is read every second from
 * the target's first request for `--seconds`: the figure at `--at` s (the issue's "20 s in"),
 * the peak over the window and the last reading. A dashboard master's RSS climbs between V8's
 * full collections (the frames' garbage reaches the old generation), so one reading is not
 * the whole story; the master's CPU (utime + stime) over the window is read too. `--base DIR`
 * adds "drove dashboard (DIR's name)": another checkout's bin/drove.js (built, with its
 * node_modules), for before/after at the same moment; several, comma-separated. Medians over
 * `--rounds`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTarget, type Target } from '../fixtures/target.ts';
import { arg, freePort, median, pidFromFile, rssMb, sleep } from './bench-kit.ts';
import { Terminal } from './tmux-terminal.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const rounds = Number(arg('--rounds', '3'));
const seconds = Number(arg('--seconds', '40'));
const at = Number(arg('--at', '20'));
const [columns, rows] = arg('--size', '120x40').split('x').map(Number) as [number, number];
const skipLocust = process.argv.includes('--skip-locust');
const bases = arg('--base', '').split(',').filter(Boolean);
/** Clock ticks per second of /proc/<pid>/stat times. */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const locustCommand = (process.env['BENCH_LOCUST'] ?? 'locust').split(' ');

/** `drove dashboard (NAME)` runs the --base tree named NAME. */
type Mode = string;
interface Reading {
	atMb: number;
	peakMb: number;
	lastMb: number;
	/** The master's CPU over the window, % of one core. */
	cpuPercent: number;
}

/** CPU seconds (user + system) of a process; NaN once it is gone. */
async function cpuSeconds(pid: number): Promise<number> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
	if (stat === '') return Number.NaN;
	// Fields after the command name (which may hold spaces) start at field 3.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Samples the master's RSS once a second from the target's first request on. */
async function sample(pid: () => number, target: Target, before: number, describe: () => Promise<string>): Promise<Reading> {
	const deadline = Date.now() + 120_000;
	while (target.counters.requests <= before) {
		if (Date.now() > deadline) throw new Error(`no request reached the target within 120 s:\n${await describe()}`);
		await sleep(50);
	}
	const readings: number[] = [];
	const cpu0 = await cpuSeconds(pid());
	const t0 = performance.now();
	for (let s = 1; s <= seconds; s++) {
		await sleep(1000);
		const mb = await rssMb(pid());
		if (Number.isNaN(mb)) throw new Error(`the master exited ${s} s in:\n${await describe()}`);
		readings.push(mb);
	}
	const cpuPercent = ((await cpuSeconds(pid())) - cpu0) / ((performance.now() - t0) / 1000) * 100;
	return { atMb: readings[Math.min(at, seconds) - 1]!, peakMb: Math.max(...readings), lastMb: readings.at(-1)!, cpuPercent };
}

/** Drove in a terminal of its own: the master is the process the shell execs. */
async function drove(mode: Mode, target: Target, dir: string): Promise<Reading> {
	const tree = bases.find((dir) => mode === `drove dashboard (${basename(dir)})`) ?? root;
	const pidFile = join(dir, `drove-${Date.now()}.pid`);
	const flags = ['-f', join(root, 'bench/plans/one-user.ts'), '-H', target.url, '-u', '1', '-r', '1', '--processes', '1', ...(mode === 'drove headless' ? ['--headless'] : [])];
	const terminal = await Terminal.start(`echo $$ > ${pidFile}; exec env -u CI node bin/drove.js ${flags.join(' ')}`, { columns, rows, cwd: tree });
	try {
		const pid = await pidFromFile(pidFile);
		const reading = await sample(() => pid, target, target.counters.requests, () => terminal.capture());
		const screen = await terminal.capture();
		if (mode !== 'drove headless' && !/Aggregated/.test(screen)) throw new Error(`the dashboard did not draw its table; the screen:\n${screen}`);
		process.kill(pid, 'SIGINT');
		const exitBy = Date.now() + 30_000;
		while (Date.now() < exitBy && !Number.isNaN(await rssMb(pid))) await sleep(200);
		return reading;
	} finally {
		await terminal.kill();
	}
}

/** Locust as a master (web UI with --autostart, or headless) and one worker process. */
async function locust(mode: Mode, target: Target): Promise<Reading> {
	const masterPort = await freePort();
	const ui = mode === 'locust web UI' ? ['--autostart', '--web-host', '127.0.0.1', '--web-port', String(await freePort())] : ['--headless'];
	const output: string[] = [];
	const start = (args: string[]): ChildProcess => {
		const child = spawn(locustCommand[0]!, [...locustCommand.slice(1), '-f', 'bench/plans/locustfile.py', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		return child;
	};
	const master = start(['-H', target.url, '-u', '1', '-r', '1', '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', String(masterPort), '--expect-workers', '1', ...ui]);
	const worker = start(['--worker', '--master-host', '127.0.0.1', '--master-port', String(masterPort)]);
	try {
		return await sample(() => master.pid!, target, target.counters.requests, async () => output.join('').slice(-2000));
	} finally {
		for (const child of [worker, master]) {
			if (child.exitCode !== null || child.signalCode !== null) continue;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGINT');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		}
	}
}

const f1 = (n: number): string => n.toFixed(1);
const modes: Mode[] = ['drove dashboard', ...bases.map((dir) => `drove dashboard (${basename(dir)})`), 'drove headless', ...(skipLocust ? [] : ['locust web UI', 'locust headless'])];

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores; node ${process.version}; ${new Date().toISOString()}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`1 user (GET / then 1 s), master RSS every second for ${seconds} s from the first request; ${columns}x${rows} terminal; ${rounds} round(s)${bases.length > 0 ? `; base: ${bases.join(', ')}` : ''}`);
const target = await startTarget(0, '127.0.0.1');
const dir = await mkdtemp(join(tmpdir(), 'drove-bench-'));
const results = new Map<Mode, Reading[]>(modes.map((m) => [m, []]));
try {
	for (let round = 1; round <= rounds; round++) {
		const order = round % 2 ? modes : [...modes].reverse();
		for (const mode of order) {
			const reading = await (mode.startsWith('drove') ? drove(mode, target, dir) : locust(mode, target)).catch((error: unknown) => {
				console.log(`  round ${round} ${mode}: no result: ${(error as Error).message}`);
				return undefined;
			});
			if (reading === undefined) continue;
			results.get(mode)!.push(reading);
			console.log(`  round ${round} ${mode.padEnd(30)}: master RSS ${f1(reading.atMb)} MB at ${at} s, peak ${f1(reading.peakMb)} MB, ${f1(reading.lastMb)} MB at ${seconds} s; CPU ${f1(reading.cpuPercent)} % (load ${loadavg()[0]!.toFixed(1)})`);
		}
	}
} finally {
	await target.close();
	await rm(dir, { recursive: true, force: true });
}
console.log(`\nmedians of ${rounds} round(s); load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
console.log(`| master, 1 user | RSS at ${at} s | peak over ${seconds} s | at ${seconds} s | master CPU |\n| --- | --- | --- | --- | --- |`);
for (const [mode, readings] of results) {
	const m = (pick: (r: Reading) => number): string => `${f1(median(readings.map(pick)))} MB`;
	console.log(`| ${mode} | ${m((r) => r.atMb)} | ${m((r) => r.peakMb)} | ${m((r) => r.lastMb)} | ${f1(median(readings.map((r) => r.cpuPercent)))} % |`);
}
