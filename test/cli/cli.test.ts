// The real `drove` command as a child process: what a user sees for each usage mistake (one
// line, exit code 2), --help, --version and --print-config.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FLAGS } from '../../source/config/flags.ts';
import { defaultText } from '../../source/config/flag-spec.ts';

const BIN = fileURLToPath(new URL('../../bin/drove.js', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const dir = mkdtempSync(join(tmpdir(), 'drove-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `node bin/drove.js ...args` in `cwd` (a fresh temp dir by default) with no DROVE_* from the outside. */
function drove(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Result> {
	const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
	for (const name of Object.keys(env)) if (name.startsWith('DROVE_') && !(options.env && name in options.env)) delete env[name];
	return new Promise((resolve) => {
		execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? dir, env, timeout: 90_000 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}

/** Asserts the one-line usage error a user should see. */
async function assertUsageError(args: string[], expected: string | RegExp, options?: Parameters<typeof drove>[1]): Promise<void> {
	const result = await drove(args, options);
	assert.equal(result.code, 2, `exit code; stderr: ${result.stderr}`);
	assert.equal(result.stdout, '');
	const lines = result.stderr.split('\n').filter(Boolean);
	assert.equal(lines.length, 1, `one line, got: ${result.stderr}`);
	if (typeof expected === 'string') assert.equal(lines[0], expected);
	else assert.match(lines[0]!, expected);
}

void test('an unknown flag is one line and exit code 2', async () => {
	await assertUsageError(['--foo'], 'drove: unknown flag --foo (see drove --help)');
	await assertUsageError(['-f', 'p.ts', '--spawnrate', '3'], 'drove: unknown flag --spawnrate; did you mean --spawn-rate? (see drove --help)');
});

void test('bad values name their source', async () => {
	await assertUsageError(['-f', 'p.ts', '-u', 'ten'], 'drove: --users: must be a whole number >= 0, got "ten"');
	await assertUsageError(['-f', 'p.ts', '-t', '5min'], 'drove: --run-time: must be a duration like 30s, 5m, 1h30m, 250ms or a number of seconds, got "5min"');
	await assertUsageError(['-f', 'p.ts'], 'drove: DROVE_SPAWN_RATE: must be a number > 0, got "fast"', { env: { DROVE_SPAWN_RATE: 'fast' } });
	await assertUsageError(['-f', 'p.ts', '-u', '1', '-u', '2'], 'drove: --users given more than once (see drove --help)');
	await assertUsageError(['-f', 'p.ts', '--master', '--worker'], /^drove: --master and --worker cannot both be set/);
	await assertUsageError(['plan.ts'], 'drove: unexpected argument "plan.ts": give the plan with -f plan.ts (see drove --help)');
});

void test('config file problems: missing, bad JSON, unknown key', async () => {
	await assertUsageError(['--config', 'nope.json'], 'drove: --config: cannot read "nope.json": no such file');
	const broken = mkdtempSync(join(dir, 'broken-'));
	writeFileSync(join(broken, 'drove.config.json'), '{\n  "users": 10,\n}\n');
	await assertUsageError(['-f', 'p.ts'], /^drove: drove\.config\.json: not valid JSON at line 3, column 1 /, { cwd: broken });
	const unknown = mkdtempSync(join(dir, 'unknown-'));
	writeFileSync(join(unknown, 'drove.config.json'), JSON.stringify({ users: 'ten' }));
	await assertUsageError(['-f', 'p.ts'], 'drove: drove.config.json: "users" must be a whole number >= 0, got "ten"', { cwd: unknown });
});

void test('--help lists every flag with its default and the exit codes', async () => {
	const result = await drove(['--help']);
	assert.equal(result.code, 0);
	for (const flag of FLAGS) {
		assert.ok(result.stdout.includes(`--${flag.name}`), `--${flag.name}`);
		assert.ok(result.stdout.includes(`[default: ${defaultText(flag)}]`), `default of --${flag.name}`);
	}
	assert.match(result.stdout, /^Exit codes$/m);
	assert.match(result.stdout, new RegExp(`^Drove ${PACKAGE.version.replaceAll('.', '\\.')}:`));
});

void test('--version prints the package version', async () => {
	const result = await drove(['--version']);
	assert.equal(result.code, 0);
	assert.equal(result.stdout, `${PACKAGE.version}\n`);
});

void test('--print-config shows the merged values and where each came from', async () => {
	const cwd = mkdtempSync(join(dir, 'merge-'));
	writeFileSync(join(cwd, 'drove.config.json'), JSON.stringify({ plan: 'plans/p.ts', users: 10, spawnRate: 2, runTime: '5m', token: 's3cret' }));
	const result = await drove(['-t', '30s', '--print-config'], { cwd, env: { DROVE_SPAWN_RATE: '3', DROVE_RUN_TIME: '2m' } });
	assert.equal(result.code, 0, result.stderr);
	const printed = JSON.parse(result.stdout) as { mode: string; settings: Record<string, unknown>; sources: Record<string, string> };
	assert.equal(printed.mode, 'local');
	assert.equal(printed.settings['plan'], join(cwd, 'plans/p.ts'));
	assert.equal(printed.settings['users'], 10);
	assert.equal(printed.sources['users'], 'drove.config.json');
	assert.equal(printed.settings['spawnRate'], 3);
	assert.equal(printed.sources['spawnRate'], 'DROVE_SPAWN_RATE');
	assert.equal(printed.settings['runTime'], '30s');
	assert.equal(printed.sources['runTime'], '--run-time');
	assert.equal(printed.settings['headless'], true, 'stdout is a pipe here');
	assert.equal(printed.settings['token'], '(hidden)');
	assert.ok(!result.stdout.includes('s3cret'));
});
