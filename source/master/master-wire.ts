/**
 * What a master publishes, in one place: its topics under `master/` and `cmd/`, the protocol
 * version it speaks, QoS and retain per message (docs/PROTOCOL.md), its Last Will, and the
 * bounded goodbye. The runtime decides when; this decides how. Mirrors worker/worker-wire.ts.
 */
import type { MqttClient } from 'mqtt';
import { encode } from '../protocol/codec.ts';
import type { Outgoing } from '../protocol/messages.ts';
import type { Topics } from '../protocol/topics.ts';
import type { LoadedPlan } from '../plan/load-plan.ts';
import type { RunState } from './master-state.ts';
import type { SpawnOrder } from './orders.ts';
import { bounded } from '../worker/bounded.ts';

/** How long a quitting master waits for a broker that is away, to leave its retained `offline` (ms). */
const OUTAGE_WAIT_MS = 5000;

/** See the module comment. */
export class MasterWire {
	private client: MqttClient | undefined;
	private send: ((topic: string, payload: Buffer, qos: 0 | 1, retain: boolean) => void) | undefined;

	/**
	 * @param startedAt Epoch ms the master started (its retained status says so).
	 * @param version Tests only: speak another protocol version.
	 */
	constructor(
		private readonly topics: Topics,
		private readonly masterId: string,
		private readonly plan: Pick<LoadedPlan, 'path' | 'bundle' | 'hash'>,
		private readonly startedAt: number,
		private readonly version: string | undefined,
	) {}

	/** The Last Will the client connects with: a retained `offline` status. */
	will(): { topic: string; payload: Buffer } {
		return { topic: this.topics.masterStatus, payload: this.encode(this.statusMessage('offline')) };
	}

	/**
	 * The client (made after the will, which it needs) and how to publish: the transport's
	 * `publish`, straight into an embedded broker or through the client. The goodbye always
	 * goes through the client, which alone can tell when an external broker has it.
	 */
	attach(client: MqttClient, send: (topic: string, payload: Buffer, qos: 0 | 1, retain: boolean) => void): void {
		this.client = client;
		this.send = send;
	}

	/** Every worker topic the master reads (MQTT wildcards). */
	workerTopics(): string[] {
		const t = this.topics;
		return [t.anyWorker('hello'), t.anyWorker('status'), t.anyWorker('heartbeat'), t.anyWorker('stats'), t.anyWorker('custom')];
	}

	/** Publishes the retained plan and `online` status (again after a reconnect). */
	announce(): void {
		const t = this.topics;
		const plan = this.plan;
		this.publish(t.plan, { type: 'plan', masterId: this.masterId, hash: plan.hash, label: plan.path.split(/[\\/]/).pop() ?? plan.path, code: plan.bundle }, 1, true);
		this.publish(t.masterStatus, this.statusMessage('online'), 1, true);
	}

	heartbeat(time: number, runState: RunState): void {
		this.publish(this.topics.masterHeartbeat, { type: 'master-heartbeat', masterId: this.masterId, time, runState }, 0);
	}

	welcome(workerId: string, statsEpoch: number, ackedSeq: number): void {
		this.publish(this.topics.cmd(workerId), { type: 'welcome', masterId: this.masterId, workerId, planHash: this.plan.hash, statsEpoch, ackedSeq }, 1);
	}

	refuse(workerId: string, reason: string): void {
		this.publish(this.topics.cmd(workerId), { type: 'refuse', masterId: this.masterId, workerId, reason }, 1);
	}

	ack(workerId: string, seq: number): void {
		this.publish(this.topics.cmd(workerId), { type: 'ack', masterId: this.masterId, seq }, 0);
	}

	spawn(workerId: string, order: SpawnOrder): void {
		this.publish(this.topics.cmd(workerId), { type: 'spawn', masterId: this.masterId, ...order }, 1);
	}

	stop(timeoutMs: number): void {
		this.publish(this.topics.cmdAll, { type: 'stop', masterId: this.masterId, timeoutMs }, 1);
	}

	reset(statsEpoch: number): void {
		this.publish(this.topics.cmdAll, { type: 'reset', masterId: this.masterId, statsEpoch }, 1);
	}

	quit(): void {
		this.publish(this.topics.cmdAll, { type: 'quit', masterId: this.masterId }, 1);
	}

	/** To one worker (`to`) or to all. */
	custom(name: string, data: unknown, to: string | undefined): void {
		this.publish(to === undefined ? this.topics.cmdAll : this.topics.cmd(to), { type: 'custom', from: 'master', name, data }, 1);
	}

	/**
	 * Says `offline` on the retained status; waits at most 2 s (an external broker that is gone
	 * would hold it forever). A master that gives up during a broker outage (every worker went
	 * missing) first waits up to 5 s for the broker to come back, so the workers that reconnect
	 * find it `offline` and stay idle rather than wait out their heartbeat timeout.
	 */
	async goodbye(): Promise<void> {
		const client = this.client;
		if (client === undefined || client.disconnecting) return;
		if (!client.connected) {
			let connected: () => void = () => {};
			await bounded(new Promise<void>((resolve) => client.once('connect', (connected = () => resolve()))), OUTAGE_WAIT_MS);
			client.off('connect', connected);
			if (!client.connected) return;
		}
		await bounded(client.publishAsync(this.topics.masterStatus, this.encode(this.statusMessage('offline')), { qos: 1, retain: true }).catch(() => {}), 2000);
	}

	private statusMessage(state: 'online' | 'offline'): Outgoing {
		return { type: 'master-status', masterId: this.masterId, state, planHash: this.plan.hash, startedAt: this.startedAt };
	}

	private encode(message: Outgoing): Buffer {
		return encode(message, this.version);
	}

	private publish(topic: string, message: Outgoing, qos: 0 | 1, retain = false): void {
		this.send?.(topic, this.encode(message), qos, retain);
	}
}
