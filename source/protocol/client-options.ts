/**
 * MQTT client options shared by workers and a master on an external broker: the broker URL
 * (credentials in it win), the token as the password, TLS trust, and sensible reconnect timing.
 */
import type { IClientOptions } from 'mqtt';

/** How to reach a broker. */
export interface BrokerEndpoint {
	/** `mqtt://host:port` or `mqtts://host:port`, optionally with `user:password@`. */
	url: string;
	/** The join token, sent as the MQTT password (user name `drove`) unless the URL has credentials. */
	token?: string;
	/** PEM CA to trust for `mqtts://` (a self-signed master certificate). */
	ca?: string | Buffer;
	/** Skip certificate verification (tests only). */
	insecure?: boolean;
}

/**
 * mqtt-packet's default (`writeCache`) fills, on its first write, a table of 65,536 two-byte
 * Buffers, one for every 16-bit number it might write: about 6.5 MB of heap in every process,
 * a tenth of an idle worker, to save allocating two bytes per packet. Every client turns it off.
 */
export const noNumberCache = { writeCache: false } as const satisfies IClientOptions;

/** Builds mqtt.js options for one client. */
export function clientOptions(endpoint: BrokerEndpoint, clientId: string, extra: IClientOptions = {}): IClientOptions {
	const url = new URL(endpoint.url);
	const options: IClientOptions = {
		clientId,
		protocolVersion: 4,
		clean: true,
		// Retry every second until the master (or broker) is there: workers may start first.
		reconnectPeriod: 1000, // 1 s
		connectTimeout: 5000, // 5 s
		keepalive: 10, // s: a dead peer is noticed within ~15 s even without a Last Will
		...noNumberCache,
		...extra,
	};
	if (url.username !== '') {
		options.username = decodeURIComponent(url.username);
		options.password = decodeURIComponent(url.password);
	} else if (endpoint.token !== undefined) {
		options.username = 'drove';
		options.password = endpoint.token;
	}
	if (endpoint.ca !== undefined) options.ca = endpoint.ca;
	if (endpoint.insecure) options.rejectUnauthorized = false;
	return options;
}

/** The URL without credentials, for mqtt.connect and for messages. */
export function bareUrl(endpoint: BrokerEndpoint): string {
	const url = new URL(endpoint.url);
	return `${url.protocol}//${url.host}`;
}
