// The target-facing TLS flags end to end, through the real CLI and its local worker:
// --insecure, --ca-cert, --client-cert/--client-key and --http2.
import assert from 'node:assert/strict';
import { createSecureServer } from 'node:http2';
import { test } from 'node:test';
import { makeSelfSignedCertificate } from '../helpers/tls.ts';
import { listenOn } from '../helpers/target.ts';
import { fixturePlan, runDrove } from './drove-cli.ts';

// The plan quits once its first request is answered; -t only caps a run that never gets one.
const run = ['-f', fixturePlan('get-root.ts'), '-u', '1', '-r', '1', '-t', '60s', '--json'];

interface Summary {
	aggregated: { requests: number; failures: number };
}

test('a self-signed https target reached with --insecure (one line) and with --ca-cert, over HTTP/2 with --http2', async (t) => {
	const cert = await makeSelfSignedCertificate();
	t.after(() => cert.cleanup());
	const versions = new Set<string>();
	const server = createSecureServer({ cert: cert.cert, key: cert.key, allowHTTP1: true }, (req, res) => {
		versions.add(req.httpVersion);
		res.end('ok');
	});
	const host = `https://127.0.0.1:${await listenOn(t, server)}`;

	// Refused by default: test/engine/http-features.test.ts (one CLI run less on a slow machine).
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
