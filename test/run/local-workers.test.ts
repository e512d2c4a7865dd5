// Local worker processes die with their parent, however it dies: a SIGKILLed `drove` leaves no
// worker behind (they hold an IPC channel to it and quit when it closes). They start before the
// master has loaded the plan: a run that fails before it began leaves none behind either.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan, runDrove } from './drove-cli.ts';

/** Pids whose parent is `parent`, from /proc. */
function childrenOf(parent: number): number[] {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((pid) => {
			try {
				// Fields after the command name, which is in parentheses: state, ppid, ...
				const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
				return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
			} catch {
				return false;
			}
		})
		.map(Number);
}

/**
 * Whether `pid`'s environment holds `marker`. A process that has gone between the listing and
 * this read (a helper of the parent's, e.g. esbuild's service once the plan is bundled) does
 * not: its /proc entry is gone, and reading it must not throw.
 */
function environmentHas(pid: number | string, marker: string): boolean {
	try {
		return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker);
	} catch {
		return false;
	}
}

const isLocalWorker = (pid: number): boolean => environmentHas(pid, 'DROVE_LOCAL_WORKER=');

/** Pids whose environment holds `marker` (every process a `drove` started inherits its environment). */
function withEnvironment(marker: string): number[] {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry) && environmentHas(entry, marker))
		.map(Number);
}

const alive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

test('SIGKILL the parent and its local workers leave too', { skip: process.platform !== 'linux' && 'reads /proc' }, async (t) => {
	const target = await useTarget(t);
	const proc = new DroveProcess(['-f', fixturePlan('steady.ts'), '--headless', '-u', '2', '-r', '2', '-H', target.url, '--processes', '2'], t);
	await proc.waitForStderr(/users 2\/2/);
	const workers = childrenOf(proc.child.pid!).filter((pid) => isLocalWorker(pid));
	assert.equal(workers.length, 2, 'two local worker processes');
	t.after(() => {
		for (const pid of workers) if (alive(pid)) process.kill(pid, 'SIGKILL');
	});
	proc.child.kill('SIGKILL');
	const deadline = Date.now() + 30_000;
	while (workers.some(alive)) {
		assert.ok(Date.now() < deadline, `workers still running 30 s after their parent died: ${workers.filter(alive).join(', ')}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
});

test('a plan that fails to bundle is one line and exit 2, and the workers started early are gone with it', { skip: process.platform !== 'linux' && 'reads /proc' }, async (t) => {
	const broken = fileURLToPath(new URL('../../fixtures/plans/broken/syntax-error.ts', import.meta.url));
	const marker = `DROVE_TEST_FAMILY=${randomUUID()}`;
	const [name, value] = marker.split('=') as [string, string];
	const result = await runDrove(['-f', broken, '--headless', '-u', '2', '-t', '1s', '-H', 'http://127.0.0.1:9', '--processes', '2'], t, { env: { [name]: value } });
	t.after(() => {
		for (const pid of withEnvironment(marker)) if (alive(pid)) process.kill(pid, 'SIGKILL');
	});
	assert.equal(result.code, 2, result.stderr);
	assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
	assert.match(result.stderr, /^drove: .*syntax-error\.ts:\d+:\d+/);
	assert.equal(result.stdout, '');
	// The CLI waits for its children to end before it exits: none is left at all, not even for a moment.
	assert.deepEqual(withEnvironment(marker), [], 'no worker outlived the run');
});
