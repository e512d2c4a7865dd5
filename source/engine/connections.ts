/**
 * Connections users send through: each user its own keep-alive `Client` (one connection, as a
 * real client would have), or one shared `Agent` for all users when `sharedPool` is set. TLS
 * settings, HTTP/2 and a proxy apply to either.
 */
import { Agent, buildConnector, Client, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';
import type { HttpTls } from '../plan/context.ts';
import type { Connections } from './http-client.ts';

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
} satisfies Client.Options;

/** True when the environment names a proxy (either case, as curl and undici read them). */
export function proxyFromEnv(env: NodeJS.ProcessEnv): boolean {
	return Boolean(env.HTTP_PROXY || env.http_proxy || env.HTTPS_PROXY || env.https_proxy);
}

/** Node's TLS options for undici's connector, from the plan's or the flags' terms. */
function connectOptions(tls: HttpTls | undefined): buildConnector.BuildOptions {
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
	if (settings.proxy === 'env') return new EnvHttpProxyAgent({ ...common, connect: requestTls, requestTls });
	return new ProxyAgent({ ...common, uri: settings.proxy!, requestTls });
}

/**
 * A new Client per user and origin; the user destroys it when it stops. The Clients share one
 * connector: undici otherwise builds one per Client (closures, a TLS session cache and a
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
	return {
		needsOrigin: false,
		open: (origin) => ({ dispatcher: new Client(origin, options), own: true }),
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
