// A heartbeat the master holds for its next tick must not undo a status the worker sent after
// it: a beat saying "running, 2 users" followed at once by "stopped" leaves the worker stopped
// with no users. A real in-process master and broker, and a raw MQTT client as the worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startMaster } from '../../source/master/master-runtime.ts';
import { PROTOCOL_VERSION } from '../../source/protocol/version.ts';
import { fakePlan } from '../worker/fake-engine.ts';

void test('a beat held for the tick does not overwrite the status that followed it', async (t) => {
	const master = await startMaster({ plan: fakePlan, bind: { host: '127.0.0.1', port: 0 }, cluster: 'beats', spawnRate: 10 });
	t.after(() => master.quit());
	const worker = await mqtt.connectAsync(master.url, { clientId: 'w1', reconnectPeriod: 0 });
	t.after(() => worker.end(true));
	const topic = (leaf: string) => `drove/beats/worker/w1/${leaf}`;
	const send = (leaf: string, message: Record<string, unknown>) =>
		worker.publishAsync(topic(leaf), JSON.stringify({ v: PROTOCOL_VERSION, workerId: 'w1', ...message }), { qos: 1 });

	const seen: string[] = [];
	t.after(master.subscribe((state) => {
		const w = state.workers.w1;
		if (w !== undefined && seen.at(-1) !== `${w.state}/${w.userCount}`) seen.push(`${w.state}/${w.userCount}`);
	}));
	await send('hello', { type: 'hello', hostname: 'box', pid: 1, planHash: 'fakehash', userClasses: ['A', 'B'], nextSeq: 1, lastMasterId: null });
	await master.whenState((s) => s.workers.w1 !== undefined);

	// Both in one burst, so both land before the master's next tick (the status at once, the beat held).
	const beat = { type: 'worker-heartbeat', state: 'running', users: { A: 2 }, cpuPercent: 1, rssBytes: 1, time: Date.now() };
	await Promise.all([send('heartbeat', beat), send('status', { type: 'worker-status', state: 'stopped', lastSeq: 0 })]);
	// The next beat, sent after the status, marks the end of what the test watches.
	await send('heartbeat', { ...beat, state: 'ready', users: {}, time: Date.now() });
	await master.whenState(() => seen.includes('stopped/0') && seen.lastIndexOf('ready/0') > seen.indexOf('stopped/0'));

	const afterStop = seen.slice(seen.indexOf('stopped/0'));
	assert.ok(afterStop.length > 0, `the status was applied: ${seen.join(' ')}`);
	assert.ok(!afterStop.includes('running/2'), `no older beat after the status: ${seen.join(' ')}`);
});
