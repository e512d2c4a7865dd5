// Local worker processes die with their parent, however it dies: a SIGKILLed `drove` leaves no
// worker behind (they hold an IPC channel to it and quit when it closes).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan } from './drove-cli.ts';

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
 * Whether `pid` is a local worker, by its environment. A child that has gone between the listing
 * and this read (a helper of the parent's, e.g. esbuild's service once the plan is bundled) is
 * not one: its /proc entry is gone, and reading it must not throw.
 */
function isLocalWorker(pid: number): boolean {
	try {
		return readFileSync(`/proc/${pid}/environ`, 'utf8').includes('DROVE_LOCAL_WORKER=');
	} catch {
		return false;
	}
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
