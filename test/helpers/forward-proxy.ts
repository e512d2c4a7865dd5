/** A tiny forward HTTP proxy on 127.0.0.1:0 for tests, closed after the test. */
import type { TestContext } from 'node:test';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** A tiny forward proxy: CONNECT tunnels, each counted in `seen`. */
export async function forwardProxy(t: TestContext): Promise<{ url: string; seen: string[] }> {
	const seen: string[] = [];
	const sockets = new Set<Socket>();
	// undici tunnels through a proxy (CONNECT) for http and https targets alike: that is all this serves.
	const server = createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		res.writeHead(501).end('only CONNECT');
	});
	server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
		seen.push(`CONNECT ${req.url}`);
		const [hostname, port] = req.url!.split(':');
		const upstream = connect(Number(port), hostname!, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('error', () => undefined);
			s.on('close', () => sockets.delete(s));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	t.after(() => {
		for (const s of sockets) s.destroy();
		server.closeAllConnections();
		return new Promise<void>((resolve) => server.close(() => resolve()));
	});
	const port = (server.address() as AddressInfo).port;
	return { url: `http://127.0.0.1:${port}`, seen };
}
