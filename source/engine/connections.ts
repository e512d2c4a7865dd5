/**
 * Connections users send through: each user its own keep-alive `Client` (one connection, as a
 * real client would have), or one shared `Agent` for all users when `sharedPool` is set.
 */
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, buildConnector as undiciBuildConnector, Client as UndiciClient, Dispatcher } from 'undici';
import type { Connections } from './http-client.ts';

// undici's index loads all of undici (fetch, WebSocket, caches, mocks, and through its cookie
// module Node's own copy of undici as well): about 8 MB of a worker's RSS and a few hundred ms
// of its start. These three modules are all the engine uses (it calls dispatch(), nothing
// from the index's API mixins). undici has no exports map, so its files are reachable.
const require = createRequire(import.meta.url);
const Client = require('undici/lib/dispatcher/client.js') as typeof UndiciClient;
const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
const buildConnector = require('undici/lib/core/connect.js') as typeof undiciBuildConnector;

// Idle connections stay open while a user waits between tasks: 30 s unless the server's
// Keep-Alive hint says otherwise (up to 10 min).
const clientOptions = {
	pipelining: 1,
	keepAliveTimeout: 30_000,
	keepAliveMaxTimeout: 600_000,
} satisfies UndiciClient.Options;

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
