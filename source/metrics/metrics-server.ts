/**
 * The master's HTTP endpoint for monitoring (`--metrics-port`): `GET /metrics` in Prometheus
 * text format and `GET /stats`, the `--json` summary document as it stands now, so a script can
 * poll a run. node:http and nothing else: two read-only routes need no framework.
 *
 * Beyond loopback every request needs the run's token as a bearer token, as the broker needs
 * it from workers (the same rule: 127.0.0.0/8, ::1 and localhost are loopback); a wrong or
 * missing one is 401.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost, tokenMatches } from '../broker/access.ts';
import { DroveError, ExitCode } from '../errors.ts';

/** What the server serves. */
export interface MetricsServerOptions {
	host: string;
	/** 0 picks a free port. */
	port: number;
	/** Required as `Authorization: Bearer ...` when set; undefined serves everyone (loopback only). */
	token: string | undefined;
	/** The Prometheus exposition text, and its Content-Type. */
	metrics(): Promise<{ text: string; contentType: string }>;
	/** The live summary document. */
	stats(): unknown;
}

/** A listening metrics server. */
export interface MetricsServer {
	/** The port actually bound. */
	readonly port: number;
	/** e.g. `http://127.0.0.1:9646` */
	readonly url: string;
	close(): Promise<void>;
}

/** True when a server on `host` must ask for the token. */
export function metricsNeedToken(host: string): boolean {
	return !isLoopbackHost(host);
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
	res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
	res.end(body);
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
	if (token === undefined) return true;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	return match !== null && tokenMatches(match[1], token);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: MetricsServerOptions): Promise<void> {
	if (!authorized(req, options.token)) {
		send(res, 401, 'text/plain; charset=utf-8', 'unauthorized: send the run\'s token as "Authorization: Bearer TOKEN"\n', { 'www-authenticate': 'Bearer realm="drove"' });
		return;
	}
	const path = new URL(req.url ?? '/', 'http://drove').pathname;
	if (path !== '/metrics' && path !== '/stats') {
		send(res, 404, 'text/plain; charset=utf-8', 'not found: GET /metrics or /stats\n');
		return;
	}
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET, HEAD' });
		return;
	}
	if (path === '/metrics') {
		const { text, contentType } = await options.metrics();
		send(res, 200, contentType, req.method === 'HEAD' ? '' : text);
	} else {
		send(res, 200, 'application/json; charset=utf-8', req.method === 'HEAD' ? '' : `${JSON.stringify(options.stats(), null, 2)}\n`);
	}
}

/**
 * Starts listening.
 * @throws DroveError (exit code 2) when the port is taken or the address cannot be bound.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
	const server = createServer((req, res) => {
		// The body of a GET is never read; drain it so the connection can be reused.
		req.resume();
		handle(req, res, options).catch((error: unknown) => {
			if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `error: ${error instanceof Error ? error.message : String(error)}\n`);
			else res.destroy();
		});
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EADDRNOTAVAIL' ? 'no such address on this machine' : (error.code ?? error.message);
			reject(new DroveError('METRICS_LISTEN', `--metrics-port ${options.port} on ${options.host}: cannot listen: ${why}`, ExitCode.usage));
		});
		server.listen(options.port, options.host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const host = options.host.includes(':') ? `[${options.host}]` : options.host;
	return {
		port,
		url: `http://${host}:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
