/**
 * A real terminal for the benchmarks that run the dashboard: a detached session on a private
 * tmux server (its own socket, no config), so Ink sees a TTY of a known size and nothing the
 * person runs in their own tmux is touched. Shared by dashboard-cost.ts and dashboard-memory.ts.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** A detached tmux session on a private server. */
export class Terminal {
	constructor(readonly socket: string) {}

	/** Runs `command` (a shell command line) in a `columns` x `rows` pane, from `cwd` (default the repository). */
	static async start(command: string, { columns = 120, rows = 40, cwd = root }: { columns?: number; rows?: number; cwd?: string } = {}): Promise<Terminal> {
		const terminal = new Terminal(`drove-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
		await terminal.tmux(['new-session', '-d', '-s', 'main', '-x', String(columns), '-y', String(rows), '-c', cwd, command]);
		await terminal.tmux(['set-option', '-t', 'main', 'remain-on-exit', 'on']).catch(() => undefined);
		return terminal;
	}

	async tmux(args: string[]): Promise<string> {
		const { stdout } = await run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args]);
		return stdout;
	}

	capture(): Promise<string> {
		return this.tmux(['capture-pane', '-p', '-t', 'main']).catch(() => '');
	}

	async kill(): Promise<void> {
		const path = (await this.tmux(['display-message', '-p', '#{socket_path}']).catch(() => '')).trim();
		await this.tmux(['kill-server']).catch(() => undefined);
		if (path !== '') await rm(path, { force: true });
	}
}
