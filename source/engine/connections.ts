/**
 * Connections users send through: each user its own keep-alive `Client` (one connection, as a
 * real client would have), or one shared `Agent` for all users when `sharedPool` is set. TLS
 * settings, HTTP/2 and a proxy apply to either.
 */
import { createRequire } from 'node:module';
import type {
	Agent as UndiciAgent,
	buildConnector as undiciBuildConnector,
	Client as UndiciClient,
	Dispatcher,
	EnvHttpProxyAgent as UndiciEnvHttpProxyAgent,
	ProxyAgent as UndiciProxyAgent,
} from 'undici';
import type { HttpTls } from '../plan/context.ts';
import type { Connections } from './http-client.ts';

// undici's index loads all of undici (fetch, WebSocket, caches, mocks, and through its cookie
// module Node's own copy of undici as well): about 8 MB of a worker's RSS and a few hundred ms
// of its start. These modules are all the engine uses (it calls dispatch(), nothing from the
// index's API mixins); the proxy agents load only when a proxy is used. undici has no exports
// map, so its files are reachable.
const require = createRequire(import.meta.url);
const Client = require('undici/lib/dispatcher/client.js') as typeof UndiciClient;
const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
const buildConnector = require('undici/lib/core/connect.js') as typeof undiciBuildConnector;

/** How users reach their targets (the engine's `http` option). */
export interface HttpSettings {
	/** TLS for https targets: extra CA, client certificate, or no verification. */
	tls?: HttpTls;
	/** A proxy URL for every request; `'env'`: HTTP_PROXY/HTTPS_PROXY/NO_PROXY decide. Default: direct. */
	proxy?: string;
	/** Offer HTTP/2 by ALPN to https targets (undici's allowH2). */
	http2?: boolean;
}

// Idle connections stay open while a user waits between tasks: 30 s unless the server's
// Keep-Alive hint says otherwise (up to 10 min).
const clientOptions = {
	pipelining: 1,
	keepAliveTimeout: 30_000,
	keepAliveMaxTimeout: 600_000,
} satisfies UndiciClient.Options;

/** Node's TLS options for undici's connector, from the plan's or the flags' terms. */
function connectOptions(tls: HttpTls | undefined): undiciBuildConnector.BuildOptions {
	if (!tls) return {};
	return {
		...(tls.insecure && { rejectUnauthorized: false }),
		...(tls.ca !== undefined && { ca: tls.ca }),
		...(tls.cert !== undefined && { cert: tls.cert }),
		...(tls.key !== undefined && { key: tls.key }),
	};
}

/** A proxying dispatcher: `--proxy URL`, or the environment's (EnvHttpProxyAgent honours NO_PROXY). */
function proxyAgent(settings: HttpSettings, connections?: number): Dispatcher {
	const requestTls = connectOptions(settings.tls);
	const common = {
		keepAliveTimeout: clientOptions.keepAliveTimeout,
		keepAliveMaxTimeout: clientOptions.keepAliveMaxTimeout,
		...(connections !== undefined && { connections }),
		...(settings.http2 && { allowH2: true }),
	};
	// The proxy agents open their tunnels with dispatcher.connect(), an API method undici's index
	// installs on every dispatcher: through a proxy, the index loads (only then).
	require('undici');
	if (settings.proxy === 'env') {
		const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof UndiciEnvHttpProxyAgent;
		return new EnvHttpProxyAgent({ ...common, connect: requestTls, requestTls });
	}
	const ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js') as typeof UndiciProxyAgent;
	return new ProxyAgent({ ...common, uri: settings.proxy!, requestTls });
}

/**
 * A new Client per user and origin; the user destroys it when it stops. The Clients share one
 * parsed URL per origin and one connector: undici otherwise builds one per Client (closures, a TLS session cache and a
 * FinalizationRegistry each), about a kilobyte a user. Through a proxy each user gets its own
 * proxy agent holding one connection per origin instead.
 */
export function perUserConnections(settings: HttpSettings = {}): Connections {
	if (settings.proxy !== undefined) {
		return { needsOrigin: true, open: () => ({ dispatcher: proxyAgent(settings, 1), own: true }) };
	}
	// A prebuilt connector must offer h2 by ALPN itself: the Client's allowH2 only reaches a connector it builds.
	const connect = buildConnector({ ...connectOptions(settings.tls), ...(settings.http2 && { allowH2: true }) });
	const options = { ...clientOptions, connect, ...(settings.http2 && { allowH2: true }) };
	// And one parsed URL per origin: a Client given a string parses its own URL (a URL and its
	// internal context, about 160 bytes a user); given a URL it keeps that one, read-only.
	const urls = new Map<string, URL>();
	const urlOf = (origin: string): URL => {
		let url = urls.get(origin);
		if (url === undefined) {
			// A plan may reach ever new origins (absolute URLs): the cache stays small, not a leak.
			if (urls.size >= 256) urls.clear();
			urls.set(origin, (url = new URL(origin)));
		}
		return url;
	};
	return {
		needsOrigin: false,
		open: (origin) => ({ dispatcher: new Client(urlOf(origin), options), own: true }),
	};
}

/** One Agent (a pool per origin, as many connections as requests in flight) shared by every user. */
export function sharedConnections(settings: HttpSettings = {}): Connections & { close(): Promise<void> } {
	const agent: Dispatcher =
		settings.proxy !== undefined
			? proxyAgent(settings)
			: new Agent({
					keepAliveTimeout: clientOptions.keepAliveTimeout,
					keepAliveMaxTimeout: clientOptions.keepAliveMaxTimeout,
					connect: connectOptions(settings.tls),
					...(settings.http2 && { allowH2: true }),
				});
	return {
		needsOrigin: true,
		open: () => ({ dispatcher: agent, own: false }),
		close: () => agent.destroy().catch(() => undefined),
	};
}
