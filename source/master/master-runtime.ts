/**
 * The master: meets its workers over MQTT (embedded broker or `--broker`), keeps the run state
 * (master-state.ts) and the stats (the aggregator), dispatches users, and offers the
 * controller the dashboard keys and the headless runner both call.
 */
import { randomBytes } from 'node:crypto';
import { Aggregator } from '../stats/aggregator.ts';
import type { LoadedPlan } from '../plan/load-plan.ts';
import { filterByTags } from '../plan/user.ts';
import { decode, encode } from '../protocol/codec.ts';
import type { Message, Outgoing } from '../protocol/messages.ts';
import { Topics } from '../protocol/topics.ts';
import type { ParsedTopic } from '../protocol/topics.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import type { BrokerEndpoint } from '../protocol/client-options.ts';
import { activeWorkerIds, initialMasterState, reduceMaster, runningUsers } from './master-state.ts';
import type { MasterAction, MasterState } from './master-state.ts';
import { StatsLedger } from './stats-ledger.ts';
import { planMismatchLine } from './plan-mismatch.ts';
import { openTransport } from './master-transport.ts';
import type { MasterTransport } from './master-transport.ts';
import { MasterController } from './master-controller.ts';
import { FleetOrders } from './fleet-orders.ts';

/** Options of {@link startMaster}. Durations in ms. */
export interface MasterOptions {
	/** The plan: its classes are dispatched, its bundle shipped to workers started without -f. */
	plan: Pick<LoadedPlan, 'path' | 'bundle' | 'hash' | 'userClasses'>;
	/** Embedded broker address (default 0.0.0.0:5557). Ignored with `external`. */
	bind?: { host: string; port: number; tls?: { cert: string | Buffer; key: string | Buffer } };
	/** Meet on an existing broker instead. */
	external?: BrokerEndpoint;
	token?: string;
	/** Default `default`. */
	cluster?: string;
	/** Initial target; default 0. */
	users?: number;
	/** Fleet spawn rate, users/s; default 1. */
	spawnRate?: number;
	/** `-H`: target base URL; undefined for the plan's own. */
	host?: string;
	/** Ready workers a headless run waits for. */
	expectWorkers?: number;
	/** How long workers get to stop their users; default 0 (Locust's default). */
	stopTimeoutMs?: number;
	/** Workers' stats interval, for the aggregator's lag; default 1000. */
	statsIntervalMs?: number;
	/** Default 1000. */
	heartbeatIntervalMs?: number;
	/** A worker silent this long is missing; default 3000 (three missed heartbeats). */
	missingAfterMs?: number;
	/** `-T/--tags` and `-E/--exclude-tags`: dispatch only the classes that keep a task, as the workers' engines do. */
	tags?: string[];
	excludeTags?: string[];
	/** Tests only: speak another protocol version. */
	protocolVersion?: string;
	/** Epoch ms clock; default Date.now. */
	now?: () => number;
}

/** Starts a master and resolves once it is connected; see {@link MasterController}. */
export async function startMaster(options: MasterOptions): Promise<MasterController> {
	const runtime = new MasterRuntime(options);
	await runtime.open();
	return runtime.controller;
}

/** Everything the controller needs from the runtime. */
export interface MasterCore {
	readonly masterId: string;
	readonly topics: Topics;
	readonly aggregator: Aggregator;
	readonly ledger: StatsLedger;
	readonly transport: MasterTransport;
	readonly options: MasterOptions;
	state: MasterState;
	do(action: MasterAction): void;
	now(): number;
	publish(topic: string, message: Outgoing, qos: 0 | 1, retain?: boolean): void;
	customHandlers: Map<string, (data: unknown, from: string) => void>;
	/** Sends changed orders to the workers (all of them with `force`). */
	redispatch(force?: boolean): void;
	shutDown(): Promise<void>;
}

class MasterRuntime implements MasterCore {
	readonly masterId = randomBytes(6).toString('hex');
	readonly topics: Topics;
	readonly aggregator: Aggregator;
	readonly ledger = new StatsLedger();
	readonly customHandlers = new Map<string, (data: unknown, from: string) => void>();
	readonly controller: MasterController;
	transport!: MasterTransport;
	state: MasterState;
	private readonly listeners = new Set<(state: MasterState) => void>();
	private readonly timers: NodeJS.Timeout[] = [];
	private beats: Extract<MasterAction, { type: 'heartbeats' }>['beats'] = [];
	private readonly orders: FleetOrders;
	private lastActive = '';
	/** Plan mismatch lines already logged. */
	private readonly planNoted = new Set<string>();
	private readonly startedAt: number;

	constructor(readonly options: MasterOptions) {
		this.topics = new Topics(options.cluster ?? 'default');
		this.aggregator = new Aggregator({ now: options.now, lagSeconds: Math.ceil((options.statsIntervalMs ?? 1000) / 1000) + 1 });
		this.state = initialMasterState({ targetUsers: options.users, spawnRate: options.spawnRate, host: options.host ?? null, expectWorkers: options.expectWorkers });
		this.startedAt = this.now();
		this.orders = new FleetOrders(this, filterByTags(options.plan.userClasses, options.tags, options.excludeTags));
		this.controller = new MasterController(this, this.listeners);
	}

	now(): number {
		return (this.options.now ?? Date.now)();
	}

	async open(): Promise<void> {
		this.transport = await openTransport({
			bind: this.options.bind,
			external: this.options.external,
			token: this.options.token,
			cluster: this.topics.cluster,
			masterId: this.masterId,
			will: { topic: this.topics.masterStatus, payload: this.encode(this.statusMessage('offline')) },
			onRefusal: (r) => this.do({ type: 'refused', now: this.now(), kind: r.kind, clientId: r.clientId, detail: r.detail }),
		});
		const client = this.transport.client;
		client.on('message', (topic, payload) => this.onPacket(topic, payload));
		client.on('connect', () => this.announce());
		this.announce();
		this.timers.push(setInterval(() => this.tick(), 250));
		this.timers.push(setInterval(() => this.heartbeat(), this.options.heartbeatIntervalMs ?? 1000));
	}

	/** Subscribes and publishes the retained status and plan (again after a reconnect). */
	private announce(): void {
		const t = this.topics;
		this.transport.client.subscribe([t.anyWorker('hello'), t.anyWorker('status'), t.anyWorker('heartbeat'), t.anyWorker('stats'), t.anyWorker('custom')], { qos: 1 });
		const plan = this.options.plan;
		this.publish(t.plan, { type: 'plan', masterId: this.masterId, hash: plan.hash, label: plan.path.split(/[\\/]/).pop() ?? plan.path, code: plan.bundle }, 1, true);
		this.publish(t.masterStatus, this.statusMessage('online'), 1, true);
		this.heartbeat();
	}

	private statusMessage(state: 'online' | 'offline'): Outgoing {
		return { type: 'master-status', masterId: this.masterId, state, planHash: this.options.plan.hash, startedAt: this.startedAt };
	}

	private heartbeat(): void {
		this.publish(this.topics.masterHeartbeat, { type: 'master-heartbeat', masterId: this.masterId, time: this.now(), runState: this.state.runState }, 0);
	}

	private tick(): void {
		const now = this.now();
		if (this.beats.length > 0) {
			const beats = this.beats;
			this.beats = [];
			this.do({ type: 'heartbeats', now, beats });
		}
		this.do({ type: 'tick', now, missingAfterMs: this.options.missingAfterMs ?? 3000 });
		this.aggregator.recordUsers(runningUsers(this.state), this.state.targetUsers);
		this.controller.checkStopped();
	}

	do(action: MasterAction): void {
		const before = this.state;
		this.state = reduceMaster(before, action);
		if (this.state === before) return;
		const active = activeWorkerIds(this.state).join('\n');
		if (active !== this.lastActive) {
			this.lastActive = active;
			this.orders.schedule();
		}
		for (const listener of this.listeners) listener(this.state);
	}

	/** Sends changed orders to the workers (all of them with `force`); see FleetOrders. */
	redispatch(force = false): void {
		this.orders.send(force);
	}

	// ---- inbound ----

	private onPacket(topic: string, payload: Buffer): void {
		const parsed = this.topics.parse(topic);
		if (parsed === undefined || parsed.workerId === undefined) return;
		const result = decode(parsed, payload, this.options.protocolVersion);
		if (!result.ok) return this.rejected(parsed, result);
		this.handle(parsed.workerId, result.message);
	}

	private rejected(topic: ParsedTopic, result: Extract<ReturnType<typeof decode>, { ok: false }>): void {
		// A cleared retained status (a worker that quit) is not an error.
		if (result.reason === 'empty' && topic.kind === 'worker-status') return;
		const now = this.now();
		this.do({ type: 'malformed', now, topic: topic.kind, reason: result.reason, detail: result.detail, from: topic.workerId });
		if (result.reason === 'version' && topic.kind === 'worker-hello' && topic.workerId !== undefined) {
			const ours = this.options.protocolVersion ?? PROTOCOL_VERSION;
			const reason = `speaks Drove protocol ${result.version ?? '(none)'}, this master ${ours}: run the same Drove version on both`;
			this.do({ type: 'worker-refused', now, id: topic.workerId, reason });
			this.publish(this.topics.cmd(topic.workerId), { type: 'refuse', masterId: this.masterId, workerId: topic.workerId, reason: `worker ${reason}` }, 1);
		}
	}

	private handle(workerId: string, message: Message): void {
		const now = this.now();
		switch (message.type) {
			case 'hello': {
				const ackedSeq = this.ledger.join(workerId, message.nextSeq);
				this.orders.forget(workerId);
				this.do({ type: 'worker-joined', now, id: workerId, hostname: message.hostname, pid: message.pid, planHash: message.planHash });
				const mismatch = planMismatchLine(workerId, this.options.plan.hash, message);
				// Once per worker and plan, not on every rejoin.
				if (mismatch !== undefined && !this.planNoted.has(mismatch)) {
					this.planNoted.add(mismatch);
					this.do({ type: 'log', now, level: 'warn', text: mismatch });
				}
				this.publish(this.topics.cmd(workerId), { type: 'welcome', masterId: this.masterId, workerId, planHash: this.options.plan.hash, statsEpoch: this.state.statsEpoch, ackedSeq }, 1);
				// A rejoining worker may keep its place in the join order: make sure it gets orders.
				this.orders.schedule();
				return;
			}
			case 'worker-heartbeat':
				this.beats.push({ id: workerId, state: message.state, users: message.users, cpuPercent: message.cpuPercent, rssBytes: message.rssBytes });
				return;
			case 'worker-status':
				this.do({ type: 'worker-status', now, id: workerId, state: message.state, lastSeq: message.lastSeq, reason: message.reason });
				return;
			case 'stats': {
				const verdict = this.ledger.accept(workerId, message.seq, message.statsEpoch, this.state.statsEpoch);
				if (verdict === 'apply') {
					try {
						this.aggregator.apply(workerId, message.delta);
					} catch (error) {
						this.do({ type: 'malformed', now, topic: 'worker-stats', reason: 'bad-shape', detail: (error as Error).message, from: workerId });
					}
				}
				if (this.ledger.knows(workerId)) this.publish(this.topics.cmd(workerId), { type: 'ack', masterId: this.masterId, seq: this.ledger.countedSeq(workerId) }, 0);
				return;
			}
			case 'custom': {
				const handler = this.customHandlers.get(message.name);
				if (handler) handler(message.data, message.from);
				return;
			}
			default:
				return;
		}
	}

	// ---- outbound ----

	encode(message: Outgoing): Buffer {
		return encode(message, this.options.protocolVersion);
	}

	publish(topic: string, message: Outgoing, qos: 0 | 1, retain = false): void {
		const client = this.transport.client;
		if (client.disconnecting || client.disconnected) return;
		client.publish(topic, this.encode(message), { qos, retain }, () => {});
	}

	async shutDown(): Promise<void> {
		for (const timer of this.timers) clearInterval(timer);
		this.orders.close();
		const client = this.transport.client;
		if (client.connected) {
			// Bounded: on an external broker that is gone, mqtt.js would hold the publish forever.
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				client.publishAsync(this.topics.masterStatus, this.encode(this.statusMessage('offline')), { qos: 1, retain: true }).catch(() => {}),
				new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000))),
			]);
			clearTimeout(timer);
		}
		await this.transport.close();
	}
}
