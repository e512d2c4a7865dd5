/**
 * Real processes for the distributed tests: a master and workers each in their own process
 * (fixtures/*-process.ts), watched through IPC. Every wait polls with a deadline; every process
 * is SIGKILLed in t.after if still alive.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MasterProcessOptions, MasterReport } from './fixtures/master-process.ts';
import type { WorkerProcessOptions, WorkerReport } from './fixtures/worker-process.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const weightedPlan = here('./fixtures/plans/weighted.ts');
/** Same classes as weightedPlan, another hash. */
export const otherPlan = here('./fixtures/plans/other.ts');

interface After {
	after(fn: () => unknown): void;
}

/** A child process and the last report it sent. */
export class Proc<R> {
	readonly child: ChildProcess;
	last: R | undefined;
	readonly messages: Array<Record<string, unknown>> = [];
	readonly stderr: string[] = [];
	readonly exited: Promise<number | null>;

	constructor(entry: string, options: unknown, t: After) {
		this.child = fork(here(entry), [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
		this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
		this.child.on('message', (message: Record<string, unknown>) => {
			this.messages.push(message);
			if (message.type === 'state') this.last = message as R;
			if (this.messages.length > 1000) this.messages.splice(0, 500);
		});
		this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
		t.after(() => this.kill());
	}

	send(command: Record<string, unknown>): void {
		if (this.child.connected) this.child.send(command);
	}

	/** Polls the last report until `check` holds; throws with the process's stderr on timeout. */
	async waitFor(check: (report: R) => boolean, what: string, timeoutMs = 90_000): Promise<R> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (this.last !== undefined && check(this.last)) return this.last;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr:\n${this.stderr.join('').slice(-2000)}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/** Waits for a message of this type. */
	async message(type: string, timeoutMs = 90_000): Promise<Record<string, unknown>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = this.messages.find((m) => m.type === type);
			if (found) return found;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${type}; stderr:\n${this.stderr.join('').slice(-2000)}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	kill(signal: NodeJS.Signals = 'SIGKILL'): void {
		if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
	}
}

export type MasterProc = Proc<MasterReport> & { url: string; port: number };

/** Starts a master process and waits until it listens. */
export async function spawnMaster(options: MasterProcessOptions, t: After): Promise<MasterProc> {
	const proc = new Proc<MasterReport>('./fixtures/master-process.ts', options, t);
	const ready = await proc.message('ready');
	return Object.assign(proc, { url: ready.url as string, port: ready.port as number });
}

export function spawnWorker(options: WorkerProcessOptions, t: After): Proc<WorkerReport> {
	return new Proc<WorkerReport>('./fixtures/worker-process.ts', options, t);
}

/** Users of a class across the fleet, from the master's report. */
export function classUsers(report: MasterReport, name: string): number {
	return report.workers.reduce((sum, w) => sum + (w.users[name] ?? 0), 0);
}

/** Workers that take users (not missing or left). */
export function activeWorkers(report: MasterReport): MasterReport['workers'] {
	return report.workers.filter((w) => w.state !== 'missing' && w.state !== 'left' && w.state !== 'offline');
}
