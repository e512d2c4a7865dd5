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
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
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

const strictCases: [file: string, message: string][] = [
	// Strict options: a typo or a Locust spelling is never silently ignored (it once meant 700x the load).
	['locust-wait-time.ts', "fixtures/plans/broken/locust-wait-time.ts:4:20: user(): unknown option 'wait_time': Drove spells Locust's wait_time as waitTime"],
	['misspelled-weight.ts', "fixtures/plans/broken/misspelled-weight.ts:3:20: user(): unknown option 'wieght'; did you mean 'weight'?"],
	['task-option.ts', "fixtures/plans/broken/task-option.ts:3:42: task(): unknown option 'tag'; did you mean 'tags'?"],
	['bad-wait-time.ts', 'fixtures/plans/broken/bad-wait-time.ts:3:37: between(): max (1) is below min (2)'],
	['dataset-option.ts', "fixtures/plans/broken/dataset-option.ts:3:13: dataset(): unknown option 'cycel'; did you mean 'cycle'?"],
	['import-typo.ts', "fixtures/plans/broken/import-typo.ts:1:16: drove has no export 'betwen'; did you mean 'between'?"],
];

async function expectOneLine(list: [file: string, message: string][]): Promise<void> {
	// Three at a time: a dozen Drove processes at once starve a shared 2-core machine.
	const results: Awaited<ReturnType<typeof drove>>[] = [];
	for (let i = 0; i < list.length; i += 3) {
		results.push(...(await Promise.all(list.slice(i, i + 3).map(([file]) => drove(`fixtures/plans/broken/${file}`)))));
	}
	results.forEach((r, i) => {
		const [file, message] = list[i]!;
		assert.equal(r.code, 2, `${file}: exit ${r.code}\n${r.stderr}`);
		const lines = r.stderr.trim().split('\n');
		assert.equal(lines.length, 1, `${file}: one line, got:\n${r.stderr}`);
		assert.ok(lines[0]!.includes(message), `${file}: ${lines[0]}`);
		assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
	});
}

void test('the drove command: each broken plan is one line naming file and line, exit code 2', () => expectOneLine(cases));

void test('the drove command: unknown options, Locust spellings, bad wait times and import typos are one line with file:line, exit code 2', () => expectOneLine(strictCases));
