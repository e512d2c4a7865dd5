import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startMaster } from '../../source/master/master-runtime.ts';
import { DroveProcess } from '../run/drove-cli.ts';
import { loadPlan } from '../../source/plan/load-plan.ts';
import { weightedPlan } from './harness.ts';

void test('drove --worker --broker with credentials the broker refuses: one line about the --broker URL, exit 2', async (t) => {
	// A master's embedded broker with a token stands in for an existing broker that checks logins.
	const master = await startMaster({ plan: await loadPlan(weightedPlan), bind: { host: '127.0.0.1', port: 0 }, cluster: 'login', token: 's3cret' });
	t.after(() => master.quit());
	const url = new URL(master.url);
	url.username = 'someone';
	url.password = 'wrong';
	const worker = new DroveProcess(['--worker', '--broker', url.href, '--cluster', 'login'], t);
	assert.equal(await worker.exited, 2);
	assert.match(worker.stderr, new RegExp(`the broker at mqtt://127\\.0\\.0\\.1:${url.port} refused this worker's login \\(bad user name or password\\): check the user name and password in the --broker URL`));
	assert.doesNotMatch(worker.stderr, /DROVE_TOKEN|wrong/);
});
