/**
 * The master's MQTT edge: the embedded broker plus a privileged in-process client, or a plain
 * client of an external broker (`--broker`). Either way the master gets one connected client
 * with its Last Will set.
 */
import mqtt, { MqttClient } from 'mqtt';
import type { IClientOptions } from 'mqtt';
import { DroveError, ExitCode } from '../errors.ts';
import { startBroker } from '../broker/embedded-broker.ts';
import type { BrokerRefusal, EmbeddedBroker } from '../broker/embedded-broker.ts';
import { MASTER_CLIENT_PREFIX } from '../broker/access.ts';
import { bareUrl, clientOptions, noNumberCache } from '../protocol/client-options.ts';
import type { BrokerEndpoint } from '../protocol/client-options.ts';

/** Where the master meets its workers: exactly one of `bind` and `external`. */
export interface TransportOptions {
	/** Embedded broker on this address (port 0: any free port). */
	bind?: { host: string; port: number; tls?: { cert: string | Buffer; key: string | Buffer } };
	/** An existing broker. */
	external?: BrokerEndpoint;
	/** The join token; see startBroker for when one is made up. */
	token?: string;
	cluster: string;
	masterId: string;
	/** The master's Last Will: its status topic and `offline` payload. */
	will: { topic: string; payload: Buffer };
	onRefusal?: (refusal: BrokerRefusal) => void;
}

/** A connected master. */
export interface MasterTransport {
	/** Publishes (and, on an external broker, receives) for the master. */
	client: MqttClient;
	broker: EmbeddedBroker | undefined;
	/** How workers reach this master, e.g. `mqtt://127.0.0.1:5557`. */
	url: string;
	/**
	 * Hands every message on `topics` to `onMessage`. The embedded broker delivers them from
	 * inside (at 1,000 workers a message a millisecond each way: serialising every one to the
	 * master's client and parsing it again, with its QoS 1 store and PUBACK, cost as much as
	 * the master's own work). An external broker's messages come through the client, which
	 * subscribes again after every reconnect. Call before publishing anything workers answer.
	 */
	receive(topics: readonly string[], onMessage: (topic: string, payload: Buffer) => void): Promise<void>;
	/** Publishes: into the embedded broker directly (the acks alone are a thousand a second at
	 * 1,000 workers), or through the client; dropped once closing, or while the client is away. */
	publish(topic: string, payload: Buffer, qos: 0 | 1, retain: boolean): void;
	close(): Promise<void>;
}

/** Connect within this long or give up with a clear line. */
const CONNECT_TIMEOUT_MS = 15_000;

/** Starts the broker (if embedded) and connects the master's client. */
export async function openTransport(options: TransportOptions): Promise<MasterTransport> {
	const clientId = `${MASTER_CLIENT_PREFIX}${options.masterId}`;
	const will = { topic: options.will.topic, payload: options.will.payload, qos: 1 as const, retain: true };
	let broker: EmbeddedBroker | undefined;
	let client: MqttClient;
	let url: string;
	if (options.external) {
		url = bareUrl(options.external);
		client = mqtt.connect(url, clientOptions({ ...options.external, ...(options.token !== undefined && { token: options.token }) }, clientId, { will }));
	} else {
		const bind = options.bind ?? { host: '0.0.0.0', port: 5557 };
		broker = await startBroker({ host: bind.host, port: bind.port, cluster: options.cluster, token: options.token, tls: bind.tls });
		if (options.onRefusal) broker.onRefusal(options.onRefusal);
		const reachable = bind.host === '0.0.0.0' || bind.host === '::' ? '127.0.0.1' : bind.host;
		url = `${broker.protocol}://${reachable.includes(':') ? `[${reachable}]` : reachable}:${broker.port}`;
		const embedded = broker;
		const opts: IClientOptions = { clientId, protocolVersion: 4, clean: true, reconnectPeriod: 1000, keepalive: 0, will, ...noNumberCache };
		client = new MqttClient(() => embedded.connectInternal(), opts);
	}
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('timed out')), CONNECT_TIMEOUT_MS);
			client.once('connect', () => {
				clearTimeout(timer);
				resolve();
			});
			client.once('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
		});
	} catch (error) {
		client.end(true);
		await broker?.close();
		throw new DroveError('BROKER_CONNECT', `cannot connect to the broker at ${url}: ${(error as Error).message}`, ExitCode.fleet, { cause: error });
	}
	client.on('error', () => {});
	let closing = false;
	return {
		client,
		broker,
		url,
		async receive(topics, onMessage) {
			// As a client that has ended hears nothing, nothing is handed on once closing starts.
			if (broker !== undefined) {
				return broker.subscribeDirect(topics, (topic, payload) => {
					if (!closing) onMessage(topic, payload);
				});
			}
			client.on('message', onMessage);
			const subscribe = (): void => void client.subscribe([...topics], { qos: 1 });
			client.on('connect', subscribe);
			subscribe();
		},
		publish(topic, payload, qos, retain) {
			if (closing) return;
			if (broker !== undefined) return broker.publishDirect(topic, payload, qos, retain);
			if (client.disconnecting || client.disconnected) return;
			client.publish(topic, payload, { qos, retain }, () => {});
		},
		async close() {
			closing = true;
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([client.endAsync().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
			clearTimeout(timer);
			if (!client.disconnected) client.end(true);
			await broker?.close();
		},
	};
}
