/**
 * Connections users send through: each user its own keep-alive `Client` (one connection, as a
 * real client would have), or one shared `Agent` for all users when `sharedPool` is set.
 */
import { Agent, buildConnector, Client, type Dispatcher } from 'undici';
import type { Connections } from './http-client.ts';

// Idle connections stay open while a user waits between tasks: 30 s unless the server's
// Keep-Alive hint says otherwise (up to 10 min).
const clientOptions = {
	pipelining: 1,
	keepAliveTimeout: 30_000,
	keepAliveMaxTimeout: 600_000,
} satisfies Client.Options;

/**
 * A new Client per user and origin; the user destroys it when it stops. The Clients share one
 * connector: undici otherwise builds one per Client (closures, a TLS session cache and a
 * FinalizationRegistry each), about a kilobyte a user.
 */
export function perUserConnections(): Connections {
	const connect = buildConnector({});
	const options = { ...clientOptions, connect };
	return {
		needsOrigin: false,
		open: (origin) => ({ dispatcher: new Client(origin, options), own: true }),
	};
}

/** One Agent (a pool per origin, as many connections as requests in flight) shared by every user. */
export function sharedConnections(): Connections & { close(): Promise<void> } {
	const agent: Dispatcher = new Agent({ keepAliveTimeout: clientOptions.keepAliveTimeout, keepAliveMaxTimeout: clientOptions.keepAliveMaxTimeout });
	return {
		needsOrigin: true,
		open: () => ({ dispatcher: agent, own: false }),
		close: () => agent.destroy().catch(() => undefined),
	};
}
