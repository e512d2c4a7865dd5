/**
 * Worker processes on this machine: `--processes N` on a master (or a plain run) and on a
 * worker. Each child is an ordinary `drove --worker`, so a local run and a distributed run are
 * the same code. Children die with their parent: they hold an IPC channel to it and quit when
 * it closes, which happens even when the parent is killed with SIGKILL.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess, Serializable } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ExitCode } from '../errors.ts';
import { packageFile } from '../package-root.ts';

const droveBin = packageFile('bin/drove.js');

/** Options of {@link startLocalWorkers}. */
export interface LocalWorkersOptions {
	/** How many worker processes. */
	count: number;
	/** Flags every child gets after `--worker` (built with config/to-argv.ts). */
	argv: readonly string[];
	/** Added to the children's environment (the token goes here, not on the command line). */
	env?: Record<string, string>;
	/** Each line a child prints on stdout or stderr, with the child's index (0-based). */
	onOutput: (index: number, line: string) => void;
	/** A log entry a child sent over its IPC channel (see {@link sendLogToParent}): fields, not a line to parse. */
	onLog?: (index: number, level: LocalWorkerLog['level'], text: string) => void;
	/** Sent to each child over its IPC channel as it starts (the plan from plan-from-parent.ts); or later, with {@link LocalWorkers.send}. */
	message?: Serializable;
	/**
	 * A child ended; `code` is its exit code (a signal counts as 70, internal, unless `stop`
	 * had to SIGKILL it: that is the fleet's failure, 3, and `killed` is true). `pid` tells the
	 * master which of its workers that was (a hello carries the pid).
	 */
	onExit?: (index: number, code: number, killed: boolean, pid: number | undefined) => void;
}

/** A log entry from a local worker to its parent, over the IPC channel. */
export interface LocalWorkerLog {
	type: 'drove-log';
	level: 'info' | 'warn' | 'error';
	text: string;
}

/** In a local worker: hands a log entry to the parent as fields (no-op without an IPC channel). */
export function sendLogToParent(level: LocalWorkerLog['level'], text: string): void {
	if (process.send === undefined || !process.connected) return;
	const entry: LocalWorkerLog = { type: 'drove-log', level, text };
	process.send(entry, undefined, {}, () => {});
}

function isLocalWorkerLog(message: unknown): message is LocalWorkerLog {
	const m = message as Partial<LocalWorkerLog> | null;
	return typeof m === 'object' && m !== null && m.type === 'drove-log' && typeof m.text === 'string' && (m.level === 'info' || m.level === 'warn' || m.level === 'error');
}

/** The children of one run. */
export interface LocalWorkers {
	readonly count: number;
	/** Children still running. */
	running(): number;
	/** Resolves with every child's exit code once all have ended. */
	readonly exited: Promise<number[]>;
	/** Sends `message` to every child over its IPC channel (the plan, once it is ready). */
	send(message: Serializable): void;
	/**
	 * Ends children that were started early for a run that failed before it began (a plan that
	 * would not load, a port in use): SIGKILL, their output and exits unreported, so the run's
	 * one error line is all a person sees. Resolves once every child is gone.
	 */
	abandon(): Promise<void>;
	/**
	 * Waits up to `graceMs` for the children to end by themselves (their master told them to
	 * quit), then sends SIGTERM (they quit gracefully), and SIGKILL `killAfterMs` after that.
	 */
	stop(graceMs?: number, killAfterMs?: number): Promise<number[]>;
}

/** Spawns the worker processes. */
export function startLocalWorkers(options: LocalWorkersOptions): LocalWorkers {
	const children: ChildProcess[] = [];
	const exits: Array<Promise<number>> = [];
	// Children `stop` had to SIGKILL: their code (signal) stands for a worker that would not stop.
	const killed = new Set<ChildProcess>();
	// Set by abandon(): nothing more from these children is reported.
	let abandoned = false;
	for (let index = 0; index < options.count; index++) {
		const child = spawn(process.execPath, [droveBin, '--worker', ...options.argv], {
			// fd 3 is the IPC channel the child watches to die with its parent.
			stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
			// Its own process group: Ctrl-C in a headless terminal reaches the parent alone, which
			// stops the run in order (users stop, last stats arrive, then the workers quit).
			detached: true,
			env: { ...process.env, ...options.env, DROVE_LOCAL_WORKER: String(index) },
		});
		// Queued until the child reads it. A failed send means the child is gone, which its
		// 'exit' reports; the callback keeps the failure from being thrown as an 'error' event.
		if (options.message !== undefined) child.send(options.message, () => undefined);
		for (const stream of [child.stdout, child.stderr]) {
			if (stream) createInterface({ input: stream }).on('line', (line) => {
				if (!abandoned) options.onOutput(index, line);
			});
		}
		child.on('message', (message) => {
			if (!abandoned && isLocalWorkerLog(message)) options.onLog?.(index, message.level, message.text);
		});
		children.push(child);
		exits.push(
			new Promise<number>((resolve) => {
				child.once('exit', (code) => {
					const wasKilled = killed.has(child);
					const result = wasKilled ? ExitCode.fleet : (code ?? ExitCode.internal);
					if (!abandoned) options.onExit?.(index, result, wasKilled, child.pid);
					resolve(result);
				});
			}),
		);
	}
	const exited = Promise.all(exits);
	const alive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;
	return {
		count: options.count,
		running: () => children.filter(alive).length,
		exited,
		send(message) {
			// A failed send means the child is gone, which its 'exit' reports.
			for (const child of children) if (alive(child) && child.connected) child.send(message, () => undefined);
		},
		async abandon() {
			abandoned = true;
			// Nothing to save: a child started early has run nothing yet (it waits for the plan).
			for (const child of children) if (alive(child)) child.kill('SIGKILL');
			await exited;
		},
		async stop(graceMs = 10_000, killAfterMs = 5000) {
			const term = setTimeout(() => {
				for (const child of children) if (alive(child)) child.kill('SIGTERM');
			}, graceMs);
			const kill = setTimeout(() => {
				for (const child of children) {
					if (!alive(child)) continue;
					killed.add(child);
					child.kill('SIGKILL');
				}
			}, graceMs + killAfterMs);
			try {
				return await exited;
			} finally {
				clearTimeout(term);
				clearTimeout(kill);
			}
		},
	};
}

/** The worst of several exit codes: the largest, so internal (70) > fleet (3) > usage (2) > failures (1) > ok. */
export function worstExitCode(codes: readonly number[]): number {
	return codes.reduce((worst, code) => Math.max(worst, code), 0);
}
