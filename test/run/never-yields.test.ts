// A worker whose user code never yields cannot stop its users: the master says so in one line,
// kills it, and the run exits 3 (the fleet), not 70 (a bug in Drove). Through the real CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { fixturePlan, runDrove } from './drove-cli.ts';

test('onStart() { for (;;) {} } with --stop-timeout 2s: one line naming the worker, killed, exit 3', async (t) => {
	const target = await useTarget(t);
	const { code, stderr } = await runDrove(['-f', fixturePlan('never-yields.ts'), '--headless', '-u', '1', '-r', '10', '-t', '2s', '--stop-timeout', '2s', '-H', target.url, '--processes', '1'], t, { timeoutMs: 150_000 });
	assert.equal(code, 3, stderr);
	assert.match(stderr, /^worker \S+ did not stop its users within 2 s: a task or hook never yields; killed$/m, stderr);
	assert.doesNotMatch(stderr, /exited with code 70/);
});
