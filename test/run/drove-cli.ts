/**
 * The real `drove` command as a child process, for end-to-end tests: output collected, waits
 * on what it prints (never on fixed sleeps), killed in t.after if still alive.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/drove.js', import.meta.url));

interface After {
	after(fn: () => unknown): void;
}

/** A running `drove`. */
export class DroveProcess {
	readonly child: ChildProcess;
	stdout = '';
	stderr = '';
	readonly exited: Promise<number | null>;

	constructor(args: readonly string[], t: After, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
		const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
		// Only the test's own settings: none of the machine's DROVE_* or LOCUST_* leak in.
		for (const name of Object.keys(env)) if (name.startsWith('DROVE_') || name.startsWith('LOCUST_')) delete env[name];
		Object.assign(env, options.env);
		this.child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
		this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
		this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
		t.after(() => {
			// The whole family: the CLI's workers live in their own process groups and die with it.
			if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
		});
	}

	/** Resolves once stderr matches; rejects with the output after `timeoutMs`. */
	async waitForStderr(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!pattern.test(this.stderr)) {
			if (Date.now() > deadline || this.child.exitCode !== null) {
				throw new Error(`drove never printed ${pattern} (exit ${this.child.exitCode}); stderr:\n${this.stderr.slice(-3000)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/** The exit code, or a rejection with the output if it takes longer than `timeoutMs`. */
	async exitCode(timeoutMs = 90_000): Promise<number | null> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`drove did not exit within ${timeoutMs} ms; stderr:\n${this.stderr.slice(-3000)}`)), timeoutMs);
		});
		try {
			return await Promise.race([this.exited, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}
}

/** Runs drove to the end. */
export async function runDrove(args: readonly string[], t: After, options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const proc = new DroveProcess(args, t, options);
	const code = await proc.exitCode(options.timeoutMs);
	return { code, stdout: proc.stdout, stderr: proc.stderr };
}

/** A plan in test/run/fixtures/. */
export const fixturePlan = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** A temp directory removed after the test. */
export function tempDir(t: After): string {
	const dir = mkdtempSync(join(tmpdir(), 'drove-run-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** A text file's lines, without the last newline. */
export const readLines = (path: string): string[] => readFileSync(path, 'utf8').trimEnd().split('\n');
