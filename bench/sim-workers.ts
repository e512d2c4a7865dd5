/**
 * Simulated workers for bench/master-scale.ts: real MQTT clients (mqtt.js) that speak the
 * worker protocol (docs/PROTOCOL.md) without running any HTTP. Each one connects with a
 * retained status and a Last Will, waits for the master's retained `online` status, says
 * hello, and once welcomed publishes a heartbeat (QoS 0) every second and, once every client of
 * this process is welcomed, a stats delta (QoS 1, seq from 1) every second too; keeps
 * unacknowledged deltas and resends them after 5 s as a real worker does, takes its users from `spawn` and its epoch from `welcome`/`spawn`/`reset`, and leaves on `quit`.
 * Each delta holds 10 endpoints with real compressed histograms from the real Recorder fed
 * plausible latencies (a pool built at start, so the simulators spend their core on MQTT).
 *
 * `--mode blind` is for the bare-broker peer: nobody answers, so each client says hello and
 * starts reporting as soon as it is connected, with the same messages at the same rates.
 *
 * `node --import tsx bench/sim-workers.ts --url mqtt://127.0.0.1:PORT --count 500 --first 0 [--mode drove|blind]`
 * `--die`: on quit, drop the connections without DISCONNECT (a fleet that dies at once).
 * IPC: sends `{type: 'joined'}` once every client is welcomed (blind: connected); answers
 * `{type: 'counters'}` with {@link SimCounters}; `{type: 'quit'}` disconnects all and exits.
 */
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { decode, encode } from '../source/protocol/codec.ts';
import type { Message, Outgoing } from '../source/protocol/messages.ts';
import { Topics } from '../source/protocol/topics.ts';
import { PROTOCOL_VERSION } from '../source/protocol/version.ts';
import { clientOptions } from '../source/protocol/client-options.ts';
import { deltaPool } from './sim-deltas.ts';

/** What the simulators report to the parent. */
export interface SimCounters {
	type: 'counters';
	clients: number;
	connected: number;
	/** Clients welcomed on their current connection. */
	welcomed: number;
	/** Stats deltas published, first sends only. */
	statsSent: number;
	resent: number;
	heartbeatsSent: number;
	/** Acks and master heartbeats received. */
	acks: number;
	masterBeats: number;
	/** Unacknowledged deltas held across all clients now. */
	pending: number;
	reconnects: number;
	/** process.cpuUsage() of this simulator, µs. */
	cpuUs: number;
	/** Bytes of one stats payload, mean over the pool. */
	statsBytes: number;
}

const arg = (name: string, fallback: string): string => {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1]! : fallback;
};
const url = arg('--url', 'mqtt://127.0.0.1:5557');
const count = Number(arg('--count', '100'));
const first = Number(arg('--first', '0'));
const blind = arg('--mode', 'drove') === 'blind';
const die = process.argv.includes('--die');
const INTERVAL_MS = 1000; // stats and heartbeat, as a real worker's defaults
const RESEND_AFTER_MS = 5000;
const topics = new Topics('default');
const pool = deltaPool();
const counters: SimCounters = { type: 'counters', clients: count, connected: 0, welcomed: 0, statsSent: 0, resent: 0, heartbeatsSent: 0, acks: 0, masterBeats: 0, pending: 0, reconnects: 0, cpuUs: 0, statsBytes: 0 };

let joinedSent = false;

interface Pending {
	seq: number;
	slot: number;
	startedAt: number;
	endedAt: number;
	sentAt: number;
}

class SimWorker {
	readonly client: MqttClient;
	private masterId: string | undefined;
	private welcomed = false;
	private greeted = false;
	private everConnected = false;
	private epoch = 0;
	private nextSeq = 1;
	private pending: Pending[] = [];
	private users: Record<string, number> = {};
	private since = Date.now();
	private timer: NodeJS.Timeout | undefined;
	private ended = false;

	constructor(readonly id: string, private readonly slotOffset: number) {
		const will = { topic: topics.worker(id, 'status'), payload: this.encode({ type: 'worker-status', workerId: id, state: 'offline', reason: 'connection lost' }), qos: 1 as const, retain: true };
		this.client = mqtt.connect(url, clientOptions({ url }, id, { will }));
		this.client.on('connect', () => this.onConnect());
		this.client.on('message', (topic, payload) => this.onPacket(topic, payload));
		this.client.on('error', () => {});
		// A random phase, as real workers that started at different moments have.
		const phase = setTimeout(() => {
			this.timer = setInterval(() => this.tick(), INTERVAL_MS);
		}, Math.random() * INTERVAL_MS);
		this.timer = phase;
	}

	private onConnect(): void {
		if (this.everConnected) counters.reconnects++;
		else counters.connected++;
		this.everConnected = true;
		this.greeted = false;
		if (this.welcomed) counters.welcomed--;
		this.welcomed = false;
		this.client.subscribe([topics.masterAll, topics.cmdAll, topics.cmd(this.id)], { qos: 1 });
		this.status('starting');
		if (blind) {
			this.hello();
			this.welcome(0);
		}
	}

	private onPacket(topic: string, payload: Buffer): void {
		const parsed = topics.parse(topic);
		if (parsed === undefined) return;
		const result = decode(parsed, payload);
		if (result.ok) this.handle(result.message);
	}

	private handle(message: Message): void {
		switch (message.type) {
			case 'master-status':
				if (message.state !== 'online') return;
				if (message.masterId !== this.masterId) {
					this.masterId = message.masterId;
					this.greeted = false;
				}
				if (!this.greeted) this.hello();
				return;
			case 'master-heartbeat':
				counters.masterBeats++;
				return;
			case 'welcome':
				if (message.masterId !== this.masterId) return;
				this.ack(message.ackedSeq);
				this.welcome(message.statsEpoch);
				// Deltas the master has not counted go again, in order.
				this.resend(Date.now());
				return;
			case 'ack':
				counters.acks++;
				this.ack(message.seq);
				return;
			case 'spawn':
				this.users = message.users;
				this.epoch = message.statsEpoch;
				this.status('running');
				return;
			case 'reset':
				this.epoch = message.statsEpoch;
				return;
			case 'stop':
				this.users = {};
				this.status('stopped', this.nextSeq - 1);
				return;
			case 'quit':
				void this.quit();
				return;
			default:
				return;
		}
	}

	private hello(): void {
		this.greeted = true;
		this.publish(topics.worker(this.id, 'hello'), {
			type: 'hello',
			workerId: this.id,
			hostname: 'bench-host',
			pid: process.pid,
			planHash: 'bench0000plan',
			userClasses: ['shopper', 'admin'],
			nextSeq: this.pending[0]?.seq ?? this.nextSeq,
			lastMasterId: null,
		}, 1);
	}

	private welcome(epoch: number): void {
		if (!this.welcomed) counters.welcomed++;
		this.welcomed = true;
		this.epoch = epoch;
		this.status('ready');
		if (counters.welcomed === count && !joinedSent) {
			joinedSent = true;
			process.send?.({ type: 'joined' });
		}
	}

	private ack(seq: number): void {
		const before = this.pending.length;
		this.pending = this.pending.filter((p) => p.seq > seq);
		counters.pending -= before - this.pending.length;
	}

	private tick(): void {
		if (this.ended || !this.client.connected) return;
		const now = Date.now();
		const users = Object.values(this.users).reduce((a, b) => a + b, 0);
		this.publish(topics.worker(this.id, 'heartbeat'), {
			type: 'worker-heartbeat',
			workerId: this.id,
			state: users > 0 ? 'running' : 'ready',
			users: this.users,
			cpuPercent: 20 + Math.random() * 30,
			rssBytes: 120_000_000 + Math.floor(Math.random() * 10_000_000),
			time: now,
		}, 0);
		counters.heartbeatsSent++;
		// Deltas wait until this process's whole fleet has joined: the bench measures the steady
		// state, and a fleet that already reports at full rate while the rest of it connects
		// starved the simulators on a loaded 2-core box until 1,000 workers never all joined.
		// Heartbeats go from the start (without them the master would count a worker missing).
		if (!this.welcomed || !joinedSent) return;
		const entry: Pending = { seq: this.nextSeq++, slot: (this.slotOffset + this.nextSeq) % pool.length, startedAt: this.since, endedAt: now, sentAt: now };
		this.since = now;
		// Blind: nobody acks, so keep nothing (the peer has no exactly-once bookkeeping either).
		if (!blind) {
			this.pending.push(entry);
			counters.pending++;
		}
		this.sendDelta(entry);
		counters.statsSent++;
		const oldest = this.pending[0];
		if (oldest !== undefined && now - oldest.sentAt >= RESEND_AFTER_MS) this.resend(now);
	}

	private resend(now: number): void {
		for (const entry of this.pending) {
			entry.sentAt = now;
			this.sendDelta(entry);
			counters.resent++;
		}
	}

	private sendDelta(entry: Pending): void {
		// The delta's body is pre-encoded; only the envelope and the times change per send.
		const payload = `{"v":"${PROTOCOL_VERSION}","type":"stats","workerId":"${this.id}","seq":${entry.seq},"statsEpoch":${this.epoch},"delta":{"startedAt":${entry.startedAt},"endedAt":${entry.endedAt},${pool[entry.slot]!.body}}`;
		this.client.publish(topics.worker(this.id, 'stats'), payload, { qos: 1 }, () => {});
	}

	private status(state: 'starting' | 'ready' | 'running' | 'stopped', lastSeq?: number): void {
		this.publish(topics.worker(this.id, 'status'), { type: 'worker-status', workerId: this.id, state, ...(lastSeq !== undefined && { lastSeq }) }, 1, true);
	}

	private encode(message: Outgoing): Buffer {
		return encode(message);
	}

	private publish(topic: string, message: Outgoing, qos: 0 | 1, retain = false): void {
		if (this.client.disconnecting) return;
		this.client.publish(topic, this.encode(message), { qos, retain }, () => {});
	}

	async quit(): Promise<void> {
		if (this.ended) return;
		this.ended = true;
		clearTimeout(this.timer);
		clearInterval(this.timer);
		// Leave as a real worker does on quit: say offline, clear the retained status, DISCONNECT
		// (so no Last Will). `--die` drops the connections instead: every Will fires at once.
		if (die) {
			this.client.end(true);
			return;
		}
		if (this.client.connected) {
			const status = topics.worker(this.id, 'status');
			await this.client.publishAsync(status, this.encode({ type: 'worker-status', workerId: this.id, state: 'offline', reason: 'quit' }), { qos: 1 }).catch(() => {});
			await this.client.publishAsync(status, Buffer.alloc(0), { qos: 1, retain: true }).catch(() => {});
		}
		await this.client.endAsync(!this.client.connected).catch(() => {});
	}
}

counters.statsBytes = Math.round(pool.reduce((sum, p) => sum + p.body.length, 0) / pool.length) + 150;
const workers: SimWorker[] = [];
// Answer the parent from the start, also while the fleet is still connecting.
process.on('message', (command: { type: 'counters' | 'quit' }) => {
	if (command.type === 'counters') {
		const cpu = process.cpuUsage();
		process.send?.({ ...counters, cpuUs: cpu.user + cpu.system });
	} else {
		void Promise.all(workers.map((w) => w.quit())).finally(() => process.exit(0));
	}
});
process.on('disconnect', () => process.exit(0));
// Connect in batches, as a fleet that starts over a few seconds does, rather than all at once.
const BATCH = 25;
for (let i = 0; i < count; i += BATCH) {
	const batch: Promise<void>[] = [];
	for (let j = i; j < Math.min(count, i + BATCH); j++) {
		const worker = new SimWorker(`sim-${first + j}`, first + j);
		workers.push(worker);
		batch.push(new Promise((resolve) => worker.client.once('connect', () => resolve())));
	}
	await Promise.all(batch);
}

