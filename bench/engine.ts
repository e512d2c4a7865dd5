/**
 * Engine benchmark (not a test): `npm run bench` or
 * `node --import tsx bench/engine.ts [--seconds 5] [--rounds 3] [--idle-users 10000]`.
 * 1. A fast target pinned to core 1; autocannon (50 connections) and Drove's engine (50 users,
 *    no wait) pinned to core 0, taking turns for `rounds` rounds of the same duration; prints
 *    the median req/s of each, requests per CPU-second of each (fairer on a busy machine), and
 *    the ratios (goal: >= 0.7x autocannon).
 * 2. RSS of an engine holding 10,000 users that wait 5-10 s, each with its own connection
 *    (goal: < 200 MB).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: number): number => {
	const i = process.argv.indexOf(name);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('--seconds', 5);
const rounds = arg('--rounds', 3);
const idleUsers = arg('--idle-users', 10_000);
const connections = 50;
const canPin = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const tsx = ['--import', 'tsx'];

/** Prefix a command with `taskset -c CORE` when pinning works here. */
function pinned(core: number, args: string[]): [string, string[]] {
	return canPin ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
}

function firstLine(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		createInterface({ input: child.stdout! }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`target exited with ${code} before printing its URL`)));
	});
}

/** Run a child to the end and parse the JSON line it prints. */
async function runJson<T>([command, args]: [string, string[]]): Promise<T> {
	const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
	let out = '';
	child.stdout.on('data', (c: Buffer) => (out += c.toString()));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
	return JSON.parse(out.trim().split('\n').pop()!) as T;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): string => Math.round(x).toLocaleString('en-US');

interface Run {
	rps: number;
	requests: number;
	cpuMs: number;
}

const softLimit = Number(spawnSync('sh', ['-c', 'ulimit -n']).stdout.toString().trim());
console.log(
	`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores; pinning ${canPin ? 'with taskset' : 'unavailable'}; ` +
		`ulimit -n ${softLimit}; node ${process.version}; ${new Date().toISOString()}`,
);
const target = spawn(...pinned(1, [...tsx, 'bench/fast-target.ts', '--port', '0']), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
try {
	const url = await firstLine(target);
	console.log(`target: ${url} (bench/fast-target.ts${canPin ? ' on core 1' : ''}); load generators${canPin ? ' on core 0' : ''}, ${connections} connections/users, ${rounds} x ${seconds} s each, taking turns`);
	const ac: Run[] = [];
	const en: Run[] = [];
	for (let i = 0; i < rounds; i++) {
		ac.push(await runJson<Run>(pinned(0, [...tsx, 'bench/autocannon-child.ts', url, String(connections), String(seconds)])));
		en.push(await runJson<Run>(pinned(0, [...tsx, 'bench/engine-child.ts', 'throughput', url, String(connections), String(seconds)])));
		console.log(`  round ${i + 1}: autocannon ${round(ac[i]!.rps)} req/s, drove ${round(en[i]!.rps)} req/s`);
	}
	const perCpu = (r: Run): number => r.requests / (r.cpuMs / 1000);
	const acRps = median(ac.map((r) => r.rps));
	const enRps = median(en.map((r) => r.rps));
	const acCpu = median(ac.map(perCpu));
	const enCpu = median(en.map(perCpu));
	console.log(`autocannon:   ${round(acRps)} req/s, ${round(acCpu)} req per CPU-second (median)`);
	console.log(`drove engine: ${round(enRps)} req/s, ${round(enCpu)} req per CPU-second (median)`);
	console.log(`ratio: ${(enRps / acRps).toFixed(2)}x autocannon's req/s, ${(enCpu / acCpu).toFixed(2)}x per CPU-second (goal >= 0.70)`);
	// On a shared machine the best round is the least disturbed one.
	const acBest = Math.max(...ac.map((r) => r.rps));
	const enBest = Math.max(...en.map((r) => r.rps));
	console.log(`best rounds: autocannon ${round(acBest)} req/s, drove ${round(enBest)} req/s, ratio ${(enBest / acBest).toFixed(2)}x`);

	if (idleUsers > 0) {
		if (softLimit < idleUsers + 1_000) console.log(`warning: ulimit -n is ${softLimit}; ${idleUsers} connections need more (ulimit -n ${idleUsers * 2})`);
		const mb = (b: number): string => (b / 1024 / 1024).toFixed(0);
		// Default V8 settings, then a young generation of 1 MB semi-spaces: many idle users need
		// little young space, and V8 otherwise keeps up to 16 MB semi-spaces committed.
		for (const v8Flags of [[], ['--max-semi-space-size=1']]) {
			const idle = await runJson<{ rss: number; baseline: number; heapUsed: number; users: number; sockets: number; requests: number; failures: number }>(
				pinned(0, ['--expose-gc', ...v8Flags, ...tsx, 'bench/engine-child.ts', 'idle', url, String(idleUsers)]),
			);
			console.log(
				`idle users${v8Flags.length ? ` (${v8Flags.join(' ')})` : ''}: ${idle.users} waiting 5-10 s, ${idle.sockets} open file descriptors: ` +
					`RSS ${mb(idle.rss)} MB (goal < 200 MB; heap ${mb(idle.heapUsed)} MB); ${mb(idle.baseline)} MB before the first user, ` +
					`so ${((idle.rss - idle.baseline) / idle.users / 1024).toFixed(1)} KB a user; ${idle.failures} failed requests`,
			);
		}
	}
} finally {
	target.kill('SIGTERM');
}
