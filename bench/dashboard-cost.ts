/**
 * Dashboard cost benchmark (not a test): `npm run bench -- dashboard-cost` or
 * `node --import tsx bench/dashboard-cost.ts [--seconds 20] [--warmup 10] [--rounds 2] [--users 50] [--plan bench/plans/full-load.ts]`.
 *
 * The same run twice, taking turns for `rounds` rounds: `node bin/drove.js -f PLAN -H TARGET
 * -u USERS -r USERS --processes 2`, once with the dashboard and once with --headless, each
 * in a 120x40 terminal of its own (a detached session on a private tmux server, so both have a
 * real TTY and are otherwise identical). The target is fixtures/target.ts, started here; the
 * default plan (bench/plans/full-load.ts) has no wait time, so the two workers send as fast as
 * the machine lets them: full load (`--plan fixtures/plans/demo.ts` is the gentle demo). Once
 * the users run and `--warmup` seconds have passed, the master process's CPU time (utime +
 * stime from /proc/<pid>/stat) and RSS are read over the same `--seconds` window, with the
 * target's req/s, the two workers' CPU and the tmux server's CPU (what drawing the terminal
 * costs outside the master). Prints each mode's median and the ratio dashboard / headless.
 * Everything stays on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTarget } from '../fixtures/target.ts';
import { arg, median, pidFromFile, sleep } from './bench-kit.ts';
import { Terminal } from './tmux-terminal.ts';

const seconds = Number(arg('--seconds', '20'));
const warmup = Number(arg('--warmup', '10'));
const rounds = Number(arg('--rounds', '2'));
const users = Number(arg('--users', '50'));
const plan = arg('--plan', 'bench/plans/full-load.ts');
/** Clock ticks per second of /proc/<pid>/stat times. */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) and RSS bytes of one process now. */
async function usage(pid: number): Promise<{ cpuSeconds: number; rssBytes: number }> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces) start at field 3.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	const rssPages = Number(fields[21]);
	return { cpuSeconds: (utime + stime) / ticksPerSecond, rssBytes: rssPages * 4096 };
}

/** Pids of a process's children (Linux 3.5+). */
async function children(pid: number): Promise<number[]> {
	const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
	return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

interface Result {
	cpuPercent: number;
	rssMb: number;
	rps: number;
	workerCpuPercent: number;
	/** The tmux server drawing the terminal. */
	terminalCpuPercent: number;
}

async function measure(mode: 'dashboard' | 'headless', targetUrl: string, counters: { requests: number }, dir: string): Promise<Result> {
	const pidFile = join(dir, `${mode}.pid`);
	const flags = ['-f', plan, '-H', targetUrl, '-u', String(users), '-r', String(users), '--processes', '2', ...(mode === 'headless' ? ['--headless'] : [])];
	// exec keeps the pid the shell wrote: the master process is the one we read.
	const command = `echo $$ > ${pidFile}; exec env -u CI node bin/drove.js ${flags.join(' ')}`;
	const terminal = await Terminal.start(command);
	try {
		const deadline = Date.now() + 60_000;
		const pid = await pidFromFile(pidFile);
		// Users are running once the target hears from them steadily.
		const before = counters.requests;
		while (counters.requests - before < users && Date.now() < deadline) await sleep(200);
		if (counters.requests - before < users) throw new Error(`${mode}: no load reached the target within 60 s; the screen:\n${await terminal.capture()}`);
		await sleep(warmup * 1000);

		const workers = await children(pid);
		const workerCpu = async (): Promise<number> => (await Promise.all(workers.map((w) => usage(w).catch(() => ({ cpuSeconds: 0 }))))).reduce((sum, u) => sum + u.cpuSeconds, 0);
		// The terminal's own work (tmux parsing what the dashboard draws) is a cost of the
		// dashboard too, on the person's machine rather than in the master: measured alongside.
		const tmuxPid = Number((await terminal.tmux(['display-message', '-p', '#{pid}'])).trim());
		const tmuxCpu = async (): Promise<number> => (await usage(tmuxPid).catch(() => ({ cpuSeconds: 0 }))).cpuSeconds;
		const x0 = await tmuxCpu();
		const m0 = await usage(pid);
		const w0 = await workerCpu();
		const r0 = counters.requests;
		const t0 = performance.now();
		await sleep(seconds * 1000);
		const m1 = await usage(pid);
		const w1 = await workerCpu();
		const x1 = await tmuxCpu();
		const elapsed = (performance.now() - t0) / 1000;
		const r1 = counters.requests;
		const screen = await terminal.capture();
		if (mode === 'dashboard' && !/Aggregated|req\/s/i.test(screen)) throw new Error(`the dashboard did not render; the screen:\n${screen}`);
		// Stop as a person would (Ctrl-C in the terminal), then wait for the master to exit.
		process.kill(pid, 'SIGINT');
		const exitBy = Date.now() + 30_000;
		while (Date.now() < exitBy && (await usage(pid).then(() => true, () => false))) await sleep(200);
		return {
			cpuPercent: ((m1.cpuSeconds - m0.cpuSeconds) / elapsed) * 100,
			rssMb: m1.rssBytes / 1024 / 1024,
			rps: (r1 - r0) / elapsed,
			workerCpuPercent: ((w1 - w0) / elapsed) * 100,
			terminalCpuPercent: ((x1 - x0) / elapsed) * 100,
		};
	} catch (error) {
		const screen = (await terminal.capture()).trimEnd().split('\n').slice(-12).join('\n');
		throw new Error(`${(error as Error).message}; the terminal's last lines:\n${screen}`, { cause: error });
	} finally {
		await terminal.kill();
	}
}

const fixed = (x: number, digits = 1): string => x.toFixed(digits);

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores (nothing pinned); node ${process.version}; ${new Date().toISOString()}`);
const target = await startTarget(0, '127.0.0.1');
const dir = await mkdtemp(join(tmpdir(), 'drove-bench-'));
try {
	console.log(`run: node bin/drove.js -f ${plan} -H ${target.url} -u ${users} -r ${users} --processes 2 [--headless], in a 120x40 tmux terminal; ${warmup} s warm-up, ${seconds} s window, ${rounds} rounds`);
	const results: Record<'dashboard' | 'headless', Result[]> = { dashboard: [], headless: [] };
	for (let i = 0; i < rounds; i++) {
		// Alternate which goes first, so neither always runs on a warmer (or busier) machine.
		for (const mode of i % 2 === 0 ? (['headless', 'dashboard'] as const) : (['dashboard', 'headless'] as const)) {
			const r = await measure(mode, target.url, target.counters, dir).catch((error: unknown) => {
				console.log(`  round ${i + 1} ${mode}: no result: ${(error as Error).message}`);
				return undefined;
			});
			if (r === undefined) continue;
			results[mode].push(r);
			console.log(`  round ${i + 1} ${mode.padEnd(9)}: master CPU ${fixed(r.cpuPercent)} % of a core, RSS ${Math.round(r.rssMb)} MB; target ${Math.round(r.rps)} req/s; workers ${fixed(r.workerCpuPercent)} % CPU together; tmux ${fixed(r.terminalCpuPercent)} %`);
		}
	}
	const cpu = (mode: 'dashboard' | 'headless'): number => median(results[mode].map((r) => r.cpuPercent));
	const rss = (mode: 'dashboard' | 'headless'): number => median(results[mode].map((r) => r.rssMb));
	const rps = (mode: 'dashboard' | 'headless'): number => median(results[mode].map((r) => r.rps));
	const term = (mode: 'dashboard' | 'headless'): number => median(results[mode].map((r) => r.terminalCpuPercent));
	for (const mode of ['headless', 'dashboard'] as const) {
		console.log(`${`${mode}:`.padEnd(10)} master CPU ${fixed(cpu(mode))} % of a core, RSS ${Math.round(rss(mode))} MB; target ${Math.round(rps(mode))} req/s; tmux ${fixed(term(mode))} % (medians)`);
	}
	console.log(`ratio dashboard/headless: CPU ${fixed(cpu('dashboard') / cpu('headless'), 2)}x (+${fixed(cpu('dashboard') - cpu('headless'))} points of a core), RSS ${fixed(rss('dashboard') / rss('headless'), 2)}x`);
} finally {
	await target.close();
	await rm(dir, { recursive: true, force: true });
}
