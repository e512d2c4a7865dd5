// The target-facing HTTP flags end to end, through the real CLI and its local worker: TLS
// (--insecure, --ca-cert, --client-cert/--client-key), --http2, --proxy and HTTP_PROXY, and
// their bad values (one line, exit 2).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { forwardProxy } from '../helpers/forward-proxy.ts';
import { makeSelfSignedCertificate } from '../helpers/tls.ts';
import { fixturePlan, runDrove, tempDir } from './drove-cli.ts';

const run = ['-f', fixturePlan('get-root.ts'), '-u', '1', '-r', '1', '-t', '2s', '--json'];

interface Summary {
	aggregated: { requests: number; failures: number };
	errors: { error: string }[];
}

async function listenOn(t: TestContext, server: ReturnType<typeof createServer> | ReturnType<typeof createSecureServer>): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	t.after(() => new Promise<void>((resolve) => {
		(server as ReturnType<typeof createServer>).closeAllConnections?.();
		server.close(() => resolve());
	}));
	return (server.address() as AddressInfo).port;
}

test('a self-signed https target: refused by default, reached with --insecure (one line) and with --ca-cert, over HTTP/2 with --http2', async (t) => {
	const cert = await makeSelfSignedCertificate();
	t.after(() => cert.cleanup());
	const versions = new Set<string>();
	const server = createSecureServer({ cert: cert.cert, key: cert.key, allowHTTP1: true }, (req, res) => {
		versions.add(req.httpVersion);
		res.end('ok');
	});
	const host = `https://127.0.0.1:${await listenOn(t, server)}`;

	const refused = await runDrove([...run, '-H', host], t);
	assert.equal(refused.code, 1, refused.stderr);
	const failed = JSON.parse(refused.stdout) as Summary;
	assert.equal(failed.aggregated.requests, failed.aggregated.failures);
	assert.match(failed.errors[0]!.error, /self[- ]signed/);

	const insecure = await runDrove([...run, '-H', host, '--insecure'], t);
	assert.equal(insecure.code, 0, insecure.stderr);
	assert.equal(insecure.stderr.split('\n').filter((line) => /not verified/.test(line)).length, 1, insecure.stderr);
	assert.deepEqual([...versions], ['1.1']);

	const trusted = await runDrove([...run, '-H', host, '--ca-cert', cert.certPath, '--http2'], t);
	assert.equal(trusted.code, 0, trusted.stderr);
	assert.ok((JSON.parse(trusted.stdout) as Summary).aggregated.requests > 0);
	assert.ok(versions.has('2.0'), [...versions].join());
	assert.doesNotMatch(trusted.stderr, /not verified/);
});

test('--client-cert and --client-key reach an mTLS target', async (t) => {
	const serverCert = await makeSelfSignedCertificate();
	const clientCert = await makeSelfSignedCertificate();
	t.after(() => {
		serverCert.cleanup();
		clientCert.cleanup();
	});
	const server = createSecureServer({ cert: serverCert.cert, key: serverCert.key, ca: clientCert.cert, requestCert: true, rejectUnauthorized: true, allowHTTP1: true }, (_req, res) => res.end('ok'));
	const host = `https://127.0.0.1:${await listenOn(t, server)}`;
	const result = await runDrove([...run, '-H', host, '--ca-cert', serverCert.certPath, '--client-cert', clientCert.certPath, '--client-key', clientCert.keyPath], t);
	assert.equal(result.code, 0, result.stderr);
	const summary = JSON.parse(result.stdout) as Summary;
	assert.ok(summary.aggregated.requests > 0 && summary.aggregated.failures === 0, result.stdout);
});

test('a proxy from --proxy and from HTTP_PROXY carries the load; none by default', async (t) => {
	const proxy = await forwardProxy(t);
	const server = createServer((_req, res) => res.end('ok'));
	const host = `http://127.0.0.1:${await listenOn(t, server)}`;
	const tunnel = `CONNECT ${new URL(host).host}`;

	const direct = await runDrove([...run, '-H', host], t, { env: { HTTP_PROXY: '', http_proxy: '', HTTPS_PROXY: '', https_proxy: '' } });
	assert.equal(direct.code, 0, direct.stderr);
	assert.equal(proxy.seen.length, 0, proxy.seen.join());

	const flag = await runDrove([...run, '-H', host, '--proxy', proxy.url], t);
	assert.equal(flag.code, 0, flag.stderr);
	assert.ok(proxy.seen.includes(tunnel), proxy.seen.join());

	proxy.seen.length = 0;
	const env = await runDrove([...run, '-H', host], t, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '', no_proxy: '' } });
	assert.equal(env.code, 0, env.stderr);
	assert.ok(proxy.seen.includes(tunnel), proxy.seen.join());
});

test('bad HTTP flags: one line, exit 2', async (t) => {
	const dir = tempDir(t);
	const cases: [string[], RegExp][] = [
		[['--proxy', 'ftp://127.0.0.1:21'], /^drove: --proxy: must be a URL starting with http:\/\/ or https:\/\/, got "ftp:\/\/127.0.0.1:21"$/],
		[['--client-cert', join(dir, 'c.pem')], /^drove: --client-cert needs --client-key as well/],
		[['--ca-cert', join(dir, 'missing.pem')], /^drove: cannot read --ca-cert .*missing\.pem: ENOENT$/],
	];
	for (const [args, expected] of cases) {
		const result = await runDrove([...run, '-H', 'http://127.0.0.1:9', ...args], t);
		assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
		const lines = result.stderr.trim().split('\n');
		assert.equal(lines.length, 1, result.stderr);
		assert.match(lines[0]!, expected);
	}
});
