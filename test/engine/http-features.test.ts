/**
 * The HTTP client as Locust users expect it: redirects, TLS (insecure, extra CA, mTLS), form
 * and multipart bodies, a proxy, HTTP/2 and decompression, each against a real local server
 * on 127.0.0.1 port 0.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import { createSecureServer } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { Request } from 'undici';
import type { HttpSettings } from '../../source/engine/connections.ts';
import type { DroveResponse, TaskContext, UserOptions } from '../../source/index.ts';
import { useEngine, userClass } from '../helpers/engine.ts';
import { forwardProxy } from '../helpers/forward-proxy.ts';
import { eventually, listenOn } from '../helpers/target.ts';
import { makeSelfSignedCertificate, type SelfSignedCertificate } from '../helpers/tls.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

function withBody(handler: Handler) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => handler(req, res, Buffer.concat(chunks)));
	};
}

/** A plain HTTP server on 127.0.0.1:0; its base URL. */
async function httpTarget(t: TestContext, handler: Handler): Promise<string> {
	return `http://127.0.0.1:${await listenOn(t, createServer(withBody(handler)))}`;
}

/** An HTTPS server with `options` (a certificate at least); its base URL. */
async function httpsTarget(t: TestContext, options: ServerOptions, handler: Handler): Promise<string> {
	return `https://127.0.0.1:${await listenOn(t, createHttpsServer(options, withBody(handler)))}`;
}

async function certificate(t: TestContext): Promise<SelfSignedCertificate> {
	const cert = await makeSelfSignedCertificate();
	t.after(() => cert.cleanup());
	return cert;
}

const hello: Handler = (_req, res) => {
	res.setHeader('content-type', 'text/plain');
	res.end('hello');
};

/**
 * Runs `task` once in one user of an engine with these settings and returns what it returned,
 * with the requests the sink recorded.
 */
async function runOnce<T>(
	t: TestContext,
	host: string,
	task: (ctx: TaskContext) => Promise<T>,
	options: { http?: HttpSettings; user?: Partial<UserOptions> } = {},
): Promise<{ result: T; recorded: { method: string; name: string; ms: number; bytes: number; error: string | undefined }[]; warnings: string[] }> {
	let result: T | undefined;
	let done = false;
	const cls = userClass('web', {
		...options.user,
		tasks: [
			async (ctx) => {
				if (done) return ctx.sleep(60);
				result = await task(ctx);
				done = true;
				await ctx.sleep(60);
			},
		],
	});
	const { engine, sink, warnings } = useEngine(t, [cls], { host, ...(options.http && { http: options.http }) });
	engine.setTarget({ web: 1 }, 0);
	await eventually(() => done || sink.exceptions.length > 0, 30_000, 'the task');
	await engine.stop();
	assert.deepEqual(sink.exceptions.map((e) => e.traceback), []);
	return { result: result as T, recorded: sink.requests.map(({ method, name, ms, bytes, error }) => ({ method, name, ms, bytes, error })), warnings };
}

void test('redirects are followed by default: the chain timed as one request under its own name, cookies along it', async (t) => {
	const seen: string[] = [];
	const host = await httpTarget(t, (req, res) => {
		seen.push(`${req.method} ${req.url} cookie=${req.headers.cookie ?? ''}`);
		if (req.url === '/login') {
			res.writeHead(302, { location: '/step', 'set-cookie': 'sid=abc; Path=/' });
			res.end('moved');
		} else if (req.url === '/step') {
			// A slow hop: the recorded time covers it.
			setTimeout(() => {
				res.writeHead(301, { location: '/home?x=1', 'set-cookie': 'step=2; Path=/' });
				res.end();
			}, 150);
		} else if (req.url === '/loop') {
			res.writeHead(307, { location: '/loop' });
			res.end();
		} else {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ at: req.url, cookie: req.headers.cookie }));
		}
	});
	const { result, recorded } = await runOnce(t, host, async ({ client }) => {
		const chain = await client.post('/login', { form: { user: 'a' } });
		const manual = await client.post('/login', { allowRedirects: false, name: 'manual' });
		const capped = await client.get('/loop', { maxRedirects: 2 });
		return { chain, manual, capped };
	});
	const { chain, manual, capped } = result;
	assert.equal(chain.status, 200);
	assert.equal(chain.url, `${host}/home?x=1`);
	assert.deepEqual(chain.json(), { at: '/home?x=1', cookie: 'sid=abc; step=2' });
	// A 302 after a POST goes on as a GET, as requests and browsers do.
	assert.deepEqual(seen.slice(0, 3), ['POST /login cookie=', 'GET /step cookie=sid=abc', 'GET /home?x=1 cookie=sid=abc; step=2']);
	assert.equal(manual.status, 302);
	assert.equal(manual.url, `${host}/login`);
	assert.equal(capped.status, 307);
	assert.equal(seen.filter((s) => s.startsWith('GET /loop')).length, 3);
	assert.deepEqual(
		recorded.map((r) => [r.method, r.name, r.error]),
		[['POST', '/login', undefined], ['POST', 'manual', undefined], ['GET', '/loop', undefined]],
	);
	assert.ok(recorded[0]!.ms >= 140, `the chain took ${recorded[0]!.ms} ms, less than its slow hop`);
	assert.equal(recorded[0]!.bytes, chain.text().length, 'only the final body counts');
});

void test('a redirect to another origin carries no Authorization of the plan', async (t) => {
	const other = await httpTarget(t, (req, res) => res.end(JSON.stringify({ auth: req.headers.authorization ?? null })));
	const host = await httpTarget(t, (_req, res) => {
		res.writeHead(302, { location: `${other}/there` });
		res.end();
	});
	const { result } = await runOnce(t, host, async ({ client }) => client.get('/go', { headers: { authorization: 'Bearer x' } }));
	assert.equal(result.status, 200);
	assert.deepEqual(result.json(), { auth: null });
});

void test('a self-signed HTTPS target is refused by default, reached with insecure (one warning) or its CA', async (t) => {
	const cert = await certificate(t);
	const host = await httpsTarget(t, { cert: cert.cert, key: cert.key }, hello);
	const refused = await runOnce(t, host, async ({ client }) => client.get('/'));
	assert.equal(refused.result.status, 0);
	assert.match(refused.recorded[0]!.error!, /self[- ]signed/);

	const insecure = await runOnce(t, host, async ({ client }) => client.get('/'), { http: { tls: { insecure: true } } });
	assert.equal(insecure.result.text(), 'hello');
	// A plan's own `tls.insecure` is said once by the engine (the flag by the process given it).
	const insecureClass = await runOnce(t, host, async ({ client }) => client.get('/'), { user: { tls: { insecure: true } } });
	assert.equal(insecureClass.result.text(), 'hello');
	assert.equal(insecureClass.warnings.filter((w) => /not verified/.test(w)).length, 1);

	const trusted = await runOnce(t, host, async ({ client }) => client.get('/'), { http: { tls: { ca: cert.cert } } });
	assert.equal(trusted.result.text(), 'hello');
	assert.deepEqual(trusted.warnings, []);

	// The same through the user class's own `tls`.
	const byClass = await runOnce(t, host, async ({ client }) => client.get('/'), { user: { tls: { ca: cert.cert } } });
	assert.equal(byClass.result.status, 200);
});

void test('mTLS: a target that demands a client certificate gets it from the settings', async (t) => {
	const server = await certificate(t);
	const client = await certificate(t);
	const host = await httpsTarget(t, { cert: server.cert, key: server.key, ca: client.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
		res.end(String((req.socket as TLSSocket).authorized));
	});
	const without = await runOnce(t, host, async (ctx) => ctx.client.get('/'), { http: { tls: { ca: server.cert } } });
	assert.equal(without.result.status, 0);
	const withCert = await runOnce(t, host, async (ctx) => ctx.client.get('/'), { http: { tls: { ca: server.cert, cert: client.cert, key: client.key } } });
	assert.equal(withCert.result.status, 200);
	assert.equal(withCert.result.text(), 'true');
});

void test('form and multipart bodies arrive as the target parses them', async (t) => {
	const received: { type: string; fields: [string, string][] }[] = [];
	const host = await httpTarget(t, (req, res, body) => {
		// Parse as a real server framework would: the standard Request body parser.
		const request = new Request(`http://127.0.0.1${req.url}`, { method: 'POST', headers: req.headers as Record<string, string>, body });
		void request.formData().then(async (data) => {
			const fields: [string, string][] = [];
			for (const [key, value] of data) fields.push([key, typeof value === 'string' ? value : `${value.name}:${value.type}:${await value.text()}`]);
			received.push({ type: String(req.headers['content-type']), fields });
			res.end('ok');
		});
	});
	await runOnce(t, host, async ({ client }) => {
		await client.post('/form', { form: { name: 'Zoë & co', tag: ['a', 'b'], n: 3 } });
		await client.post('/upload', {
			multipart: {
				title: 'report',
				file: { content: 'col\n1\n', filename: 'data.csv', contentType: 'text/csv' },
				blob: new Blob(['xyz'], { type: 'text/plain' }),
			},
		});
	});
	assert.equal(received[0]!.type, 'application/x-www-form-urlencoded');
	assert.deepEqual(received[0]!.fields, [['name', 'Zoë & co'], ['tag', 'a'], ['tag', 'b'], ['n', '3']]);
	assert.match(received[1]!.type, /^multipart\/form-data; boundary=/);
	assert.deepEqual(received[1]!.fields, [['title', 'report'], ['file', 'data.csv:text/csv:col\n1\n'], ['blob', 'blob:text/plain:xyz']]);
});

void test('a proxy carries the requests when one is set, and none is used by default', async (t) => {
	const proxy = await forwardProxy(t);
	const host = await httpTarget(t, hello);
	const direct = await runOnce(t, host, async ({ client }) => client.get('/'));
	assert.equal(direct.result.text(), 'hello');
	assert.equal(proxy.seen.length, 0, proxy.seen.join());
	const proxied = await runOnce(t, host, async ({ client }) => client.get('/'), { http: { proxy: proxy.url } });
	assert.equal(proxied.result.text(), 'hello');
	assert.deepEqual(proxy.seen, [`CONNECT ${new URL(host).host}`]);
});

void test('HTTP/2 against node:http2 when asked, with the stats as for HTTP/1.1', async (t) => {
	const cert = await certificate(t);
	const server = createSecureServer({ cert: cert.cert, key: cert.key, allowHTTP1: true }, (req, res) => res.end(`version ${req.httpVersion}`));
	const host = `https://127.0.0.1:${await listenOn(t, server)}`;
	const h1 = await runOnce(t, host, async ({ client }) => client.get('/v'), { http: { tls: { ca: cert.cert } } });
	assert.equal(h1.result.text(), 'version 1.1');
	const h2 = await runOnce(t, host, async ({ client }) => client.get('/v'), { http: { tls: { ca: cert.cert }, http2: true } });
	assert.equal(h2.result.text(), 'version 2.0');
	assert.deepEqual(h2.recorded.map((r) => [r.method, r.name, r.bytes, r.error]), [['GET', '/v', 11, undefined]]);
});

void test('decompression: Accept-Encoding only when asked, bodies decoded, contentLength the bytes on the wire', async (t) => {
	const payload = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => `item-${i}`) });
	const gzipped = gzipSync(payload);
	const brotli = brotliCompressSync(payload);
	const asked: string[] = [];
	const host = await httpTarget(t, (req, res) => {
		const accept = req.headers['accept-encoding'] ?? '';
		asked.push(accept);
		if (req.url === '/br' && accept.includes('br')) {
			res.writeHead(200, { 'content-encoding': 'br' });
			res.end(brotli);
		} else if (accept.includes('gzip')) {
			res.writeHead(200, { 'content-encoding': 'gzip' });
			res.end(gzipped);
		} else {
			res.end(payload);
		}
	});
	const plain = await runOnce(t, host, async ({ client }) => client.get('/gz'));
	assert.equal(plain.result.text(), payload);
	assert.equal(asked[0], '');
	const requested = await runOnce(t, host, async ({ client }) => [await client.get('/gz', { decompress: true }), await client.get('/br', { decompress: true })] as DroveResponse[]);
	assert.deepEqual(requested.result.map((r) => r.json<{ items: string[] }>().items.length), [200, 200]);
	assert.deepEqual(requested.result.map((r) => r.contentLength), [gzipped.length, brotli.length]);
	assert.deepEqual(requested.recorded.map((r) => r.bytes), [gzipped.length, brotli.length]);
	assert.equal(asked[1], 'gzip, deflate, br');
	// The user class's default.
	const byClass = await runOnce(t, host, async ({ client }) => client.get('/gz'), { user: { decompress: true } });
	assert.equal(byClass.result.json<{ items: string[] }>().items.length, 200);
});
