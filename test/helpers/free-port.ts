/**
 * A free TCP port on loopback, for a process that must be told its port up front (Mosquitto,
 * a master started with --master-bind-port). Servers we create ourselves should listen on port 0
 * instead: between this close and the other process's bind, another process may take the port,
 * so callers that can should retry on EADDRINUSE.
 */
import { createServer } from 'node:net';

/**
 * Listens on `host`:0, reads the port the kernel picked, closes.
 * @param host Loopback address to probe. Default 127.0.0.1.
 * @returns The port number.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen({ host, port: 0, exclusive: true }, () => {
			const address = server.address();
			if (address === null || typeof address === 'string') {
				server.close();
				reject(new Error(`no TCP address for ${host}`));
				return;
			}
			server.close((error) => (error ? reject(error) : resolve(address.port)));
		});
	});
}
