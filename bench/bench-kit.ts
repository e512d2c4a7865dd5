/**
 * Small helpers the benchmark scripts share: their flags, medians, sleeps and /proc readings.
 * (Each benchmark is a script that runs when imported, so none can import another's.)
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1]! : fallback;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The median, NaN values left out (NaN if none is left). */
export function median(values: number[]): number {
	const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** VmRSS of a process, MB; NaN once it is gone. */
export async function rssMb(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
	const match = /VmRSS:\s+(\d+)/.exec(status);
	return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** A TCP port free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/**
 * The pid a shell wrote to `pidFile` (`echo $$ > FILE; exec ...`: the process the bench reads),
 * polled until it appears; 0 if it did not within `timeoutMs`.
 */
export async function pidFromFile(pidFile: string, timeoutMs = 60_000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim()) || 0;
		if (pid !== 0 || Date.now() >= deadline) return pid;
		await sleep(100);
	}
}
