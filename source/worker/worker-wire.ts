/**
 * What a worker publishes, in one place: its topics under `worker/<id>/`, the protocol version
 * it speaks, QoS and retain per message (docs/PROTOCOL.md), its Last Will, and the bounded
 * goodbye. The runtime decides when; this decides how.
 */
import type { MqttClient } from 'mqtt';
import { encode } from '../protocol/codec.ts';
import type { HelloMessage, Outgoing, WorkerHeartbeatMessage, WorkerState } from '../protocol/messages.ts';
import type { Topics, WorkerTopicLeaf } from '../protocol/topics.ts';
import { bounded } from './bounded.ts';
import type { PendingDelta } from './stats-outbox.ts';

/** See the module comment. */
export class WorkerWire {
	private client: MqttClient | undefined;

	/** @param version Tests only: speak another protocol version. */
	constructor(
		private readonly topics: Topics,
		private readonly id: string,
		private readonly version: string | undefined,
	) {}

	/** The Last Will the client connects with: a retained `offline` status. */
	will(): { topic: string; payload: Buffer; qos: 1; retain: true } {
		return { topic: this.topics.worker(this.id, 'status'), payload: this.encode({ type: 'worker-status', workerId: this.id, state: 'offline', reason: 'connection lost' }), qos: 1, retain: true };
	}

	/** The client to publish through (made after the will, which it needs). */
	attach(client: MqttClient): void {
		this.client = client;
	}

	hello(fields: Omit<Outgoing<HelloMessage>, 'type' | 'workerId'>): void {
		this.publish('hello', { type: 'hello', workerId: this.id, ...fields }, 1);
	}

	heartbeat(fields: Omit<Outgoing<WorkerHeartbeatMessage>, 'type' | 'workerId'>): void {
		this.publish('heartbeat', { type: 'worker-heartbeat', workerId: this.id, ...fields }, 0);
	}

	/** The retained status. */
	status(state: WorkerState, extra: { lastSeq?: number; reason?: string } = {}): void {
		this.publish('status', { type: 'worker-status', workerId: this.id, state, ...extra }, 1, true);
	}

	delta(entry: PendingDelta): void {
		this.publish('stats', { type: 'stats', workerId: this.id, seq: entry.seq, statsEpoch: entry.statsEpoch, delta: entry.delta }, 1);
	}

	custom(name: string, data: unknown): void {
		this.publish('custom', { type: 'custom', from: this.id, name, data }, 1);
	}

	/**
	 * Says `offline` (with `reason`), then clears the retained status: a worker that left is not
	 * news for the next master. Each publish waits at most 1 s, and not at all once the
	 * connection is gone: a master whose last worker said `offline` shuts its broker down, often
	 * before the second acknowledgement is sent, and waiting the full second for it made every
	 * local run end a second late.
	 */
	async goodbye(reason: string): Promise<void> {
		const client = this.client;
		if (client === undefined || !client.connected) return;
		const status = this.topics.worker(this.id, 'status');
		let onClose = (): void => {};
		const closed = new Promise<void>((resolve) => client.once('close', (onClose = resolve)));
		const acked = (sent: Promise<unknown>): Promise<void> => bounded(Promise.race([sent.catch(() => {}), closed]), 1000);
		try {
			await acked(client.publishAsync(status, this.encode({ type: 'worker-status', workerId: this.id, state: 'offline', reason }), { qos: 1 }));
			await acked(client.publishAsync(status, Buffer.alloc(0), { qos: 1, retain: true }));
		} finally {
			client.off('close', onClose);
		}
	}

	private encode(message: Outgoing): Buffer {
		return encode(message, this.version);
	}

	private publish(leaf: WorkerTopicLeaf, message: Outgoing, qos: 0 | 1, retain = false): void {
		const client = this.client;
		if (client === undefined || client.disconnecting) return;
		client.publish(this.topics.worker(this.id, leaf), this.encode(message), { qos, retain }, () => {});
	}
}
