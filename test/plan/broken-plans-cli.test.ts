import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Run `drove -f plan --headless` and collect its exit code and stderr. */
function drove(plan: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['bin/drove.js', '-f', plan, '--headless', '-u', '1', '-t', '1s', '-H', 'http://127.0.0.1:9'], {
			cwd: root,
			env: { ...process.env, FORCE_COLOR: '0' },
		});
		let stderr = '';
		let stdout = '';
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stderr, stdout });
		});
	});
}

const cases: [file: string, message: string][] = [
	['syntax-error.ts', 'fixtures/plans/broken/syntax-error.ts:7:26: Expected ";" but found "x"'],
	['bad-import.ts', 'fixtures/plans/broken/bad-import.ts:2:25: Could not resolve "./does-not-exist.ts"'],
	['no-users.ts', 'fixtures/plans/broken/no-users.ts: no user classes exported'],
	['no-tasks.ts', 'fixtures/plans/broken/no-tasks.ts:3:20: user(): no tasks'],
	['top-level-throw.ts', 'fixtures/plans/broken/top-level-throw.ts:5:8: config has no host'],
];

void test('the drove command: each broken plan is one line naming file and line, exit code 2', async () => {
	const results = await Promise.all(cases.map(([file]) => drove(`fixtures/plans/broken/${file}`)));
	results.forEach((r, i) => {
		const [file, message] = cases[i]!;
		assert.equal(r.code, 2, `${file}: exit ${r.code}\n${r.stderr}`);
		const lines = r.stderr.trim().split('\n');
		assert.equal(lines.length, 1, `${file}: one line, got:\n${r.stderr}`);
		assert.ok(lines[0]!.includes(message), `${file}: ${lines[0]}`);
		assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
	});
});
