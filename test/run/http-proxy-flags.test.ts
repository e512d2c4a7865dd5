// --proxy and HTTP_PROXY end to end, through the real CLI and its local worker.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { forwardProxy } from '../helpers/forward-proxy.ts';
import { listenOn } from '../helpers/target.ts';
import { fixturePlan, runDrove } from './drove-cli.ts';

// The plan quits once its first request is answered; -t only caps a run that never gets one.
const run = ['-f', fixturePlan('get-root.ts'), '-u', '1', '-r', '1', '-t', '60s', '--json'];

test('a proxy from --proxy and from HTTP_PROXY carries the load', async (t) => {
	const proxy = await forwardProxy(t);
	const server = createServer((_req, res) => res.end('ok'));
	const host = `http://127.0.0.1:${await listenOn(t, server)}`;
	const tunnel = `CONNECT ${new URL(host).host}`;

	// Direct by default: test/engine/http-features.test.ts.
	const flag = await runDrove([...run, '-H', host, '--proxy', proxy.url], t);
	assert.equal(flag.code, 0, flag.stderr);
	assert.ok(proxy.seen.includes(tunnel), proxy.seen.join());

	proxy.seen.length = 0;
	const env = await runDrove([...run, '-H', host], t, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '', no_proxy: '' } });
	assert.equal(env.code, 0, env.stderr);
	assert.ok(proxy.seen.includes(tunnel), proxy.seen.join());
});
