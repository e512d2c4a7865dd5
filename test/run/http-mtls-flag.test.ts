// --client-cert/--client-key end to end against an mTLS target, and the bad values of the
// target-facing HTTP flags (one line, exit 2).
import assert from 'node:assert/strict';
import { createSecureServer } from 'node:http2';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeSelfSignedCertificate } from '../helpers/tls.ts';
import { listenOn } from '../helpers/target.ts';
import { fixturePlan, runDrove, tempDir } from './drove-cli.ts';

// The plan quits once its first request is answered; -t only caps a run that never gets one.
const run = ['-f', fixturePlan('get-root.ts'), '-u', '1', '-r', '1', '-t', '60s', '--json'];

interface Summary {
	aggregated: { requests: number; failures: number };
}

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
