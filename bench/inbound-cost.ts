/**
 * The master's own cost per worker message, without the broker (not a test):
 * `npm run bench -- inbound-cost` or
 * `node --import tsx bench/inbound-cost.ts [--workers 1000] [--seconds 10] [--warmup 3] [--rounds 3] [--base DIR] [--part inbound|aggregator|broker]`.
 *
 * Each round runs bench/inbound-child.ts in a fresh process: a real master whose inbound handler
 * gets, every second, a heartbeat and a stats delta (10 endpoints, real compressed histograms)
 * from each of `--workers` simulated workers, in 20 slices a second. Its CPU time over
 * `--seconds` is the master's own work at that fleet size: decode and validate, dedupe, merge,
 * ack (through its in-process MQTT client to the embedded broker, which has no one to route the
 * acks to), the reducer's ticks, and the status line's stats every 2 s. No sockets, no simulated
 * clients competing for the CPU: steadier on a shared machine than bench/master-scale.ts, whose
 * figure adds the broker's cost of moving the bytes.
 *
 * `--base DIR` runs the master of another checkout of Drove (say `git worktree add --detach
 * /tmp/base-da5 da5da7d`, node_modules copied in) in alternate rounds, and prints both medians
 * and their ratio. CPU % is of one core. `--part aggregator` measures the merge alone
 * (`Aggregator.apply` and a snapshot a second, on a stepped clock): what the timed test
 * "cost: 200 workers" in test/stats/aggregator.test.ts used to measure.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string): string => {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1]! : fallback;
};
const workers = arg('--workers', '1000');
const seconds = arg('--seconds', '10');
const warmup = arg('--warmup', '3');
const rounds = Number(arg('--rounds', '3'));
const base = arg('--base', '');
/** `inbound` (the master's handler, the default), `aggregator` (the merge alone) or `broker` (through
 * the embedded broker, so the cost of reaching the master counts; see inbound-child.ts). */
const part = arg('--part', 'inbound');

/** What inbound-child.ts prints. */
interface Run {
	cpuMs: number;
	wallMs: number;
	deltas: number;
	heartbeats: number;
	rssBytes: number;
	heapBytes: number;
	requests: number;
}

function runOnce(tree: string): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'bench/inbound-child.ts', '--tree', tree, '--workers', workers, '--seconds', seconds, '--warmup', warmup, '--part', part], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('exit', (code) => {
			const last = out.trim().split('\n').at(-1) ?? '';
			try {
				resolve(JSON.parse(last) as Run);
			} catch {
				reject(new Error(`inbound-child exited ${code} without a result: ${out}`));
			}
		});
	});
}

const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]! ) / 2;
};
const percent = (r: Run): number => (r.cpuMs / r.wallMs) * 100;
const perDeltaUs = (r: Run): number => (r.cpuMs * 1000) / r.deltas;
const mb = (bytes: number): string => `${Math.round(bytes / 1048576)} MB`;
const describe = (r: Run): string => `CPU ${percent(r).toFixed(1)} % of a core (${perDeltaUs(r).toFixed(0)} µs a delta with its heartbeat), RSS ${mb(r.rssBytes)}, heap ${mb(r.heapBytes)}`;

console.log(`${part === 'aggregator' ? 'the aggregator alone: ' : ''}${workers} workers x 10 endpoints, a heartbeat and a delta each a second; ${warmup} s warm-up, ${seconds} s window, ${rounds} rounds; node ${process.version}`);
const trees: Array<[string, string]> = [['this', root], ...(base === '' ? [] : [['base', base] as [string, string]])];
const results = new Map<string, Run[]>(trees.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
	// Alternate which goes first.
	const order = round % 2 === 0 ? trees : [...trees].reverse();
	for (const [name, tree] of order) {
		const load = loadavg()[0]!.toFixed(1);
		const run = await runOnce(tree);
		results.get(name)!.push(run);
		console.log(`  round ${round + 1} ${name.padEnd(4)}: ${describe(run)}; load average ${load}`);
	}
}
const summary = (name: string): { cpu: number; us: number; rss: number } => {
	const runs = results.get(name)!;
	return { cpu: median(runs.map(percent)), us: median(runs.map(perDeltaUs)), rss: median(runs.map((r) => r.rssBytes)) };
};
const mine = summary('this');
console.log(`median, this tree: CPU ${mine.cpu.toFixed(1)} % of a core, ${mine.us.toFixed(0)} µs a delta, RSS ${mb(mine.rss)}`);
if (base !== '') {
	const theirs = summary('base');
	console.log(`median, base ${base}: CPU ${theirs.cpu.toFixed(1)} % of a core, ${theirs.us.toFixed(0)} µs a delta, RSS ${mb(theirs.rss)}`);
	console.log(`ratio this/base: CPU ${(mine.cpu / theirs.cpu).toFixed(2)}x, RSS ${(mine.rss / theirs.rss).toFixed(2)}x`);
}
