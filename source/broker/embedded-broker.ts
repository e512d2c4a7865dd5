/**
 * The master's embedded MQTT broker: Aedes served over TCP (or TLS) with Drove's access rules
 * (`access.ts`). A refused publish or subscription is counted and reported to the master.
 *
 * Refused publishes disconnect the client. MQTT 3.1.1 lets a server either acknowledge an
 * unauthorized PUBLISH and drop it or close the connection [MQTT-3.3.5-2]; Aedes does the
 * latter when `authorizePublish` fails. An honest Drove worker never publishes outside its own
 * topics (the topics come from our code, not from the plan), so such a publish means a foreign
 * or compromised client, and cutting it off is the safer answer. Refused subscriptions are
 * negated instead (SUBACK 0x80, the connection stays), as the spec allows.
 */
import { randomBytes } from 'node:crypto';
import mqttPacket from 'mqtt-packet';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Duplex } from 'node:stream';
import { Aedes } from 'aedes';
import type { Client } from 'aedes';
import { DroveError, ExitCode } from '../errors.ts';
import { Topics } from '../protocol/topics.ts';
import { NAME_MAX, cleanText } from '../protocol/sanitize.ts';
import { connectRefusal, isLoopbackHost, workerMayPublish, workerMaySubscribe } from './access.ts';
import { memoryDuplexPair } from './memory-duplex.ts';

/** Options for {@link startBroker}. */
export interface BrokerOptions {
	/** Bind host, e.g. `0.0.0.0` (all interfaces) or `127.0.0.1`. */
	host: string;
	/** TCP port; 0 picks a free one. */
	port: number;
	/** Cluster name: the topic root `drove/<cluster>/` the access rules apply to. */
	cluster?: string;
	/** The join token. When given it is always required; when not given and the bind host is
	 * not loopback, one is generated (see {@link EmbeddedBroker.token}). */
	token?: string;
	/** Serve MQTT over TLS with this PEM certificate and key. */
	tls?: { cert: string | Buffer; key: string | Buffer };
}

/**
 * Aedes writes packets with mqtt-packet (bundled into dist/ with Aedes, the one copy mqtt.js
 * uses too), whose first write would fill a 6.5 MB table of two-byte Buffers (see
 * `noNumberCache` in protocol/client-options.ts): turned off the way mqtt.js's
 * `writeCache: false` does it. Imported here, so it is the very module Aedes writes with.
 */
function skipAedesNumberCache(): void {
	(mqttPacket as unknown as { writeToStream: { cacheNumbers: boolean } }).writeToStream.cacheNumbers = false;
}

/** One refused connection, publish or subscription. */
export interface BrokerRefusal {
	kind: 'connect' | 'publish' | 'subscribe';
	clientId: string;
	detail: string;
}

/** A running embedded broker. */
export interface EmbeddedBroker {
	readonly host: string;
	/** The port actually bound. */
	readonly port: number;
	/** `mqtt://` or `mqtts://` */
	readonly protocol: 'mqtt' | 'mqtts';
	/** The token clients must present as their MQTT password, undefined when none is required. */
	readonly token: string | undefined;
	/** True when the broker made the token up (the master prints it). */
	readonly tokenGenerated: boolean;
	/** Listens to refusals; returns the unsubscribe function. */
	onRefusal(listener: (refusal: BrokerRefusal) => void): () => void;
	/** A new in-process stream for the master's privileged client (one per (re)connect). */
	connectInternal(): Duplex;
	/**
	 * Hands every message published on `patterns` (MQTT wildcards) to `deliver` from inside the
	 * broker, as Aedes routes it: no client, so no serialising and parsing again in-process, no
	 * outgoing store and no PUBACK. Workers' publishes still pass the access rules first.
	 * Resolves once subscribed; lasts as long as the broker.
	 */
	subscribeDirect(patterns: readonly string[], deliver: (topic: string, payload: Buffer) => void): Promise<void>;
	/**
	 * Publishes from inside the broker, as the master's privileged client would (retained
	 * messages are kept, QoS 1 is delivered at QoS 1), without serialising it to a client stream
	 * and parsing it again.
	 */
	publishDirect(topic: string, payload: Buffer, qos: 0 | 1, retain: boolean): void;
	/** Disconnects every client and stops listening. */
	close(): Promise<void>;
}

/** Starts the broker and resolves once it listens. Throws a DroveError when the port is taken. */
export async function startBroker(options: BrokerOptions): Promise<EmbeddedBroker> {
	const topics = new Topics(options.cluster ?? 'default');
	const tokenGenerated = options.token === undefined && !isLoopbackHost(options.host);
	const token = options.token ?? (tokenGenerated ? randomBytes(18).toString('base64url') : undefined);
	const internal = new WeakSet<object>();
	const privileged = new WeakSet<Client>();
	const listeners = new Set<(refusal: BrokerRefusal) => void>();
	const refuse = (refusal: BrokerRefusal) => {
		for (const listener of listeners) listener(refusal);
	};

	skipAedesNumberCache();
	const broker = await Aedes.createBroker({
		// A worker that stops reading must not stall delivery to everyone else.
		drainTimeout: 10_000, // 10 s
		// Worker ids are hostname + suffix, longer than MQTT 3.1's 23 characters.
		maxClientsIdLength: 128,
		// Stats of a thousand workers arrive at once after a master restart.
		queueLimit: 1000,
		// Messages delivered in parallel. Aedes's default (100) lets a backlog build at ~1,000
		// workers reporting every second, and mqemitter then drains it recursively until
		// "Maximum call stack size exceeded" kills the master (seen in bench/master-scale.ts,
		// also when hundreds of workers leave at once; mcollina/mqemitter#204).
		concurrency: 10_000,
		authenticate(client, _username, password, done) {
			if (internal.has(client.conn)) {
				privileged.add(client);
				return done(null, true);
			}
			const why = connectRefusal(client.id, password, token);
			if (why === undefined) return done(null, true);
			refuse({ kind: 'connect', clientId: cleanText(client.id, NAME_MAX), detail: cleanText(why) });
			const error = Object.assign(new Error(why), { returnCode: why.includes('token') ? 4 : 2 });
			done(error as Parameters<typeof done>[0], false);
		},
		authorizePublish(client, packet, done) {
			if (packet.topic.startsWith('$SYS/')) return done(new Error('$SYS/ topics are reserved'));
			// client is null for the Last Will of a session that is already gone: it was
			// authorized when it was set (a CONNECT's will goes through here too).
			if (client === null || privileged.has(client) || workerMayPublish(topics, client.id, packet.topic)) return done(null);
			refuse({ kind: 'publish', clientId: cleanText(client.id, NAME_MAX), detail: cleanText(`may not publish to ${packet.topic}`) });
			done(new Error(`worker ${client.id} may not publish to ${packet.topic}`));
		},
		authorizeSubscribe(client, subscription, done) {
			if (privileged.has(client) || workerMaySubscribe(topics, client.id, subscription.topic)) return done(null, subscription);
			refuse({ kind: 'subscribe', clientId: cleanText(client.id, NAME_MAX), detail: cleanText(`may not subscribe to ${subscription.topic}`) });
			done(null, null);
		},
	});
	// A refused client's error is expected; without a listener EventEmitter would throw.
	broker.on('clientError', () => {});
	broker.on('connectionError', () => {});

	const server: Server = options.tls
		? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, broker.handle)
		: createServer(broker.handle);
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port, options.host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		await new Promise<void>((resolve) => broker.close(() => resolve()));
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'EADDRINUSE' ? 'is in use' : code === 'EACCES' ? 'is not allowed' : `failed (${code ?? (error as Error).message})`;
		throw new DroveError('BROKER_LISTEN', `listening on ${options.host}:${options.port} ${why}: pick another with --master-bind-port`, ExitCode.usage, { cause: error });
	}
	server.on('error', () => {});
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : options.port;

	return {
		host: options.host,
		port,
		protocol: options.tls ? 'mqtts' : 'mqtt',
		token,
		tokenGenerated,
		onRefusal(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		connectInternal() {
			const [ours, theirs] = memoryDuplexPair();
			internal.add(theirs);
			broker.handle(theirs);
			return ours;
		},
		async subscribeDirect(patterns, deliver) {
			// `done` is deferred as Aedes's own deliveries to clients defer theirs: mqemitter takes
			// the next queued message inside `done`, so a synchronous one, once more than
			// `concurrency` messages are in flight, drains the queue recursively until the stack
			// overflows (seen at 1,000 workers on a loaded machine; mcollina/mqemitter#204).
			const handler = (packet: { topic: string; payload: Buffer | string }, done: () => void): void => {
				try {
					deliver(packet.topic, typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload);
				} finally {
					setImmediate(done);
				}
			};
			await Promise.all(patterns.map((pattern) => new Promise<void>((resolve, reject) => broker.subscribe(pattern, handler, (error?: Error) => (error ? reject(error) : resolve())))));
		},
		publishDirect(topic, payload, qos, retain) {
			broker.publish({ cmd: 'publish', topic, payload, qos, retain, dup: false }, () => {});
		},
		async close() {
			await new Promise<void>((resolve) => broker.close(() => resolve()));
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
