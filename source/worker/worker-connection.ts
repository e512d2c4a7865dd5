/**
 * A worker's MQTT connection: the client with its Last Will, the subscriptions to the master's
 * topics (again on every reconnect), inbound payloads decoded and sorted (a message, a master
 * of another protocol major, a payload to drop), a refused login, and the bounded goodbye.
 * What the messages mean is the runtime's (worker-runtime.ts).
 */
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { decode } from '../protocol/codec.ts';
import type { Message } from '../protocol/messages.ts';
import type { Topics } from '../protocol/topics.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import { bareUrl, clientOptions } from '../protocol/client-options.ts';
import type { BrokerEndpoint } from '../protocol/client-options.ts';
import { bounded } from './bounded.ts';
import { loginRefusal } from './login-refusal.ts';
import { WorkerWire } from './worker-wire.ts';

/** Where and as whom to connect. */
export interface ConnectionOptions {
	broker: BrokerEndpoint;
	/** `--broker`: an existing broker, not the master's embedded one. */
	externalBroker: boolean;
	topics: Topics;
	workerId: string;
	/** Tests only: speak another protocol version. */
	protocolVersion?: string;
}

/** What the connection reports to the runtime. */
export interface ConnectionEvents {
	/** (Re)connected; the subscriptions are on their way. */
	connected(): void;
	/** A valid message on one of the master's topics. */
	message(message: Message): void;
	/** The master speaks another protocol major (reported once): print `text`, then leave. */
	versionMismatch(text: string): void;
	/** The broker refused the login: print `text` and exit. */
	refused(text: string): void;
	log(level: 'info' | 'warn' | 'error', text: string): void;
}

/** See the module comment. */
export class WorkerConnection {
	readonly wire: WorkerWire;
	private readonly client: MqttClient;
	private versionReported = false;
	private leaving = false;
	private muted = false;

	constructor(
		private readonly options: ConnectionOptions,
		private readonly events: ConnectionEvents,
	) {
		const { broker, topics, workerId } = options;
		this.wire = new WorkerWire(topics, workerId, options.protocolVersion);
		this.client = mqtt.connect(bareUrl(broker), clientOptions(broker, workerId, { will: this.wire.will() }));
		this.wire.attach(this.client);
		this.client.on('connect', () => {
			this.client.subscribe([topics.masterAll, topics.cmdAll, topics.cmd(workerId)], { qos: 1 }, (error) => {
				if (error) events.log('error', `cannot subscribe to the master's topics: ${error.message}`);
			});
			events.connected();
		});
		this.client.on('message', (topic, payload) => this.onPacket(topic, payload));
		this.client.on('error', (error) => {
			const refusal = loginRefusal((error as Error & { code?: number | string }).code, { url: bareUrl(broker), external: options.externalBroker, workerId });
			if (refusal !== undefined) events.refused(refusal);
		});
		this.client.on('offline', () => {
			// Saying goodbye, the master may close first: nothing to wait for then.
			if (!this.leaving) events.log('warn', `waiting for the master at ${bareUrl(broker)}`);
		});
	}

	get connected(): boolean {
		return this.client.connected;
	}

	/** The worker is on its way out: a lost connection is no news. */
	leave(): void {
		this.leaving = true;
	}

	/** Nothing inbound matters any more. */
	mute(): void {
		this.muted = true;
	}

	/** Says goodbye (`offline` with `reason`, then clears the retained status) and disconnects; every wait bounded. */
	async close(reason: string): Promise<void> {
		await this.wire.goodbye(reason);
		await bounded(this.client.endAsync(!this.client.connected).catch(() => {}), 1000);
		if (!this.client.disconnected) this.client.end(true);
	}

	private onPacket(topic: string, payload: Buffer): void {
		if (this.muted) return;
		const parsed = this.options.topics.parse(topic);
		if (parsed === undefined) return;
		const result = decode(parsed, payload, this.options.protocolVersion);
		if (result.ok) return this.events.message(result.message);
		if (result.reason === 'empty') return;
		if (result.reason === 'version') {
			if (this.versionReported) return;
			this.versionReported = true;
			const ours = this.options.protocolVersion ?? PROTOCOL_VERSION;
			this.events.versionMismatch(`master speaks Drove protocol ${result.version ?? '(none)'}, this worker ${ours}: run the same Drove version on both`);
			return;
		}
		this.events.log('warn', `dropped a ${result.reason} message on ${topic}: ${result.detail}`);
	}
}
