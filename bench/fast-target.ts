/**
 * A tiny, fast HTTP/1.1 target for the benchmark: a raw TCP server that answers every request
 * head (`\r\n\r\n`) with one canned keep-alive response, so on its own core it outruns both
 * load generators and the numbers measure them, not it. GET requests only (no bodies).
 * `node --import tsx bench/fast-target.ts [--port 0]` prints its URL, then connection counts on SIGUSR2.
 */
import { createServer, type Socket } from 'node:net';

const response = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nKeep-Alive: timeout=120\r\n\r\nok');
const portArg = process.argv.indexOf('--port');
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0;
let open = 0;
let requests = 0;

const server = createServer({ noDelay: true }, (socket: Socket) => {
	open++;
	// A request head may straddle two chunks: remember how much of `\r\n\r\n` the last chunk ended with.
	let matched = 0;
	socket.on('data', (chunk: Buffer) => {
		let n = 0;
		for (let i = 0; i < chunk.length; i++) {
			const c = chunk[i];
			if (c === (matched % 2 === 0 ? 13 : 10)) {
				if (++matched === 4) {
					n++;
					matched = 0;
				}
			} else matched = c === 13 ? 1 : 0;
		}
		if (n === 0) return;
		requests += n;
		socket.write(n === 1 ? response : Buffer.concat(Array.from({ length: n }, () => response)));
	});
	socket.on('error', () => undefined);
	socket.on('close', () => open--);
});
server.maxConnections = 1_000_000;
server.listen({ port, host: '127.0.0.1', backlog: 16384 }, () => {
	const address = server.address() as { port: number };
	console.log(`http://127.0.0.1:${address.port}`);
});
process.on('SIGUSR2', () => console.log(JSON.stringify({ open, requests })));
process.on('SIGTERM', () => process.exit(0));
