// Strings from the wire reach the master's terminal clean (issue 8): a hello whose hostname
// holds ANSI escapes and a forged log line, and a 65 KB client id the broker refuses. A real
// `drove --master` and raw MQTT clients on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { PROTOCOL_VERSION } from '../../source/protocol/version.ts';
import { DroveProcess, fixturePlan } from '../run/drove-cli.ts';

void test('a worker-supplied hostname and client id cannot clear the screen, forge a log line or flood one', async (t) => {
	const master = new DroveProcess(['-f', fixturePlan('steady.ts'), '--master', '--master-bind-host', '127.0.0.1', '--master-bind-port', '0', '--headless', '-H', 'http://127.0.0.1:9', '--expect-workers', '2', '--expect-workers-max-wait', '120s'], t);
	await master.waitForStderr(/listening at mqtt:\/\/127\.0\.0\.1:\d+/);
	const url = /listening at (mqtt:\/\/127\.0\.0\.1:\d+)/.exec(master.stderr)![1]!;

	const flood = mqtt.connect(url, { clientId: 'x'.repeat(65_000), reconnectPeriod: 0 });
	flood.on('error', () => {});
	t.after(() => flood.end(true));
	await master.waitForStderr(/broker refused connect by/);

	const evil = await mqtt.connectAsync(url, { clientId: 'evil-1', reconnectPeriod: 0 });
	t.after(() => evil.end(true));
	const hostname = 'evil\u001b[2J\u001b[H\n12:00:00 test stopped';
	const hello = { v: PROTOCOL_VERSION, type: 'hello', workerId: 'evil-1', hostname, pid: 1, planHash: null, userClasses: [], nextSeq: 1, lastMasterId: null };
	await evil.publishAsync('drove/default/worker/evil-1/hello', JSON.stringify(hello), { qos: 1 });
	await master.waitForStderr(/worker evil-1 joined/);

	assert.ok(!master.stderr.includes('\u001b'), 'no escape reaches the terminal');
	assert.doesNotMatch(master.stderr, /^12:00:00 test stopped/m, 'no forged log line');
	assert.match(master.stderr, /worker evil-1 joined \(evil 12:00:00 test stopped, pid 1\)/);
	const refusal = master.stderr.split('\n').find((line) => line.includes('broker refused connect'))!;
	assert.ok(refusal.length < 400, `the refusal line is ${refusal.length} characters`);
});
