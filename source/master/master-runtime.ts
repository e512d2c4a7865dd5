/**
 * The master: meets its workers over MQTT (embedded broker or `--broker`), keeps the run state
 * (the pure reducer in master-state.ts) and the stats (the aggregator), and sends orders (the
 * pure planOrders in orders.ts) after every reducer pass that changes what they depend on.
 * `startMaster` returns the runtime itself: the dashboard's keys, the run session and tests
 * steer it with setUsers, setSpawnRate, start, stopUsers, resetStats and quit, and read it
 * with getState, snapshot, subscribe and whenState. Built like worker/worker-runtime.ts:
 * inbound decoding here, outbound encoding in master-wire.ts, every decision in pure modules.
 * Every time it reads comes from the injected clock (`now`).
 */
import { randomBytes } from 'node:crypto';
import { DroveError, ExitCode } from '../errors.ts';
import { Aggregator } from '../stats/aggregator.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';
import type { LoadedPlan } from '../plan/load-plan.ts';
import { filterByTags } from '../plan/user.ts';
import { decode } from '../protocol/codec.ts';
import type { Message } from '../protocol/messages.ts';
import { Topics } from '../protocol/topics.ts';
import type { ParsedTopic } from '../protocol/topics.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import type { BrokerEndpoint } from '../protocol/client-options.ts';
import { activeWorkers, initialMasterState, reduceMaster, runningUsers } from './master-state.ts';
import type { LogEntry, MasterAction, MasterState } from './master-state.ts';
import { StatsLedger } from './stats-ledger.ts';
import { planMismatchLine } from './plan-mismatch.ts';
import { openTransport } from './master-transport.ts';
import type { MasterTransport } from './master-transport.ts';
import { MasterWire } from './master-wire.ts';
import { NO_ORDERS, forgetAllOrders, forgetOrders, membershipKey, ordersInputKey, planOrders } from './orders.ts';
import type { DispatchClass } from './dispatcher.ts';
import type { OrdersMemo } from './orders.ts';

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

/** Extra time a stop waits past the stop timeout for workers to flush and confirm, ms. */
const STOP_GRACE_MS = 10_000;
/** How long quit waits for workers to say goodbye, ms. */
const QUIT_WAIT_MS = 8_000;
/** Membership changes within this many ms are dispatched together (a thousand pods starting cost one round). */
const DISPATCH_COALESCE_MS = 100;
/** ms between ticks: heartbeats applied, silent workers marked, stops confirmed, waiters checked. */
const TICK_MS = 250;

/** Starts a master and resolves once it is connected. */
export async function startMaster(options: MasterOptions): Promise<MasterRuntime> {
	const runtime = new MasterRuntime(options);
	await runtime.open();
	return runtime;
}

/** A running master; see the module comment. */
export class MasterRuntime {
	/** Random per master process. */
	readonly masterId = randomBytes(6).toString('hex');
	readonly aggregator: Aggregator;
	private readonly topics: Topics;
	private readonly ledger = new StatsLedger();
	private readonly wire: MasterWire;
	private readonly classes: readonly DispatchClass[];
	private readonly customHandlers = new Map<string, (data: unknown, from: string) => void>();
	private readonly listeners = new Set<(state: MasterState) => void>();
	private readonly waiters = new Set<{ predicate: (state: MasterState) => boolean; resolve: (state: MasterState | undefined) => void }>();
	private readonly timers: NodeJS.Timeout[] = [];
	private transport!: MasterTransport;
	private state: MasterState;
	private beats: Extract<MasterAction, { type: 'heartbeats' }>['beats'] = [];
	private orders: OrdersMemo = NO_ORDERS;
	private ordersTimer: NodeJS.Timeout | undefined;
	private lastMembership = '';
	private lastOrderInputs = '';
	/** Plan mismatch lines already logged. */
	private readonly planNoted = new Set<string>();
	private closing: Promise<void> | undefined;
	private closed = false;

	constructor(private readonly options: MasterOptions) {
		this.topics = new Topics(options.cluster ?? 'default');
		this.aggregator = new Aggregator({ now: options.now, lagSeconds: Math.ceil((options.statsIntervalMs ?? 1000) / 1000) + 1 });
		this.state = initialMasterState({ targetUsers: options.users, spawnRate: options.spawnRate, host: options.host ?? null, expectWorkers: options.expectWorkers });
		this.lastOrderInputs = ordersInputKey(this.state);
		this.classes = filterByTags(options.plan.userClasses, options.tags, options.excludeTags);
		this.wire = new MasterWire(this.topics, this.masterId, options.plan, this.now(), options.protocolVersion);
	}

	/** Connects (starting the embedded broker unless `external`); called once by startMaster. */
	async open(): Promise<void> {
		this.transport = await openTransport({
			bind: this.options.bind,
			external: this.options.external,
			token: this.options.token,
			cluster: this.topics.cluster,
			masterId: this.masterId,
			will: this.wire.will(),
			onRefusal: (r) => this.do({ type: 'refused', now: this.now(), kind: r.kind, clientId: r.clientId, detail: r.detail }),
		});
		const client = this.transport.client;
		this.wire.attach(client, (topic, payload, qos, retain) => this.transport.publish(topic, payload, qos, retain));
		await this.transport.receive(this.wire.workerTopics(), (topic, payload) => this.onPacket(topic, payload));
		client.on('connect', () => this.announce());
		this.announce();
		this.timers.push(setInterval(() => this.tick(), TICK_MS));
		this.timers.push(setInterval(() => this.heartbeat(), this.options.heartbeatIntervalMs ?? 1000));
	}

	// ---- reading ----

	/** Where workers connect, e.g. `mqtt://127.0.0.1:5557` (the embedded broker's real port). */
	get url(): string {
		return this.transport.url;
	}

	/** The embedded broker's port, undefined on an external broker. */
	get port(): number | undefined {
		return this.transport.broker?.port;
	}

	/** The token workers must present, undefined when none is required. */
	get token(): string | undefined {
		return this.transport.broker?.token ?? this.options.token;
	}

	/** True when the master made the token up (print it with the join command). */
	get tokenGenerated(): boolean {
		return this.transport.broker?.tokenGenerated ?? false;
	}

	getState(): MasterState {
		return this.state;
	}

	snapshot(): StatsSnapshot {
		return this.aggregator.snapshot();
	}

	/** The master clock, epoch ms. */
	now(): number {
		return (this.options.now ?? Date.now)();
	}

	/** Called after every state change; returns the unsubscribe function. */
	subscribe(listener: (state: MasterState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Resolves with the state once `predicate` holds, checked now, after every state change and
	 * every tick (so a predicate may read the clock); resolves with undefined once the master is
	 * closed, so nobody waits on a master that is gone.
	 */
	whenState(predicate: (state: MasterState) => boolean): Promise<MasterState | undefined> {
		if (this.closed) return Promise.resolve(undefined);
		if (predicate(this.state)) return Promise.resolve(this.state);
		return new Promise((resolve) => this.waiters.add({ predicate, resolve }));
	}

	/**
	 * Resolves once `count` workers are ready (or the master is closed). With `maxWaitMs` > 0,
	 * throws a fleet DroveError (exit code 3) when they are not there in time, naming `reachAt`
	 * (the URL the join command announced; by default the broker's own, loopback on 0.0.0.0).
	 */
	async waitForWorkers(count: number, maxWaitMs = 0, reachAt = this.url): Promise<void> {
		const deadline = maxWaitMs > 0 ? this.now() + maxWaitMs : Infinity;
		const state = await this.whenState((s) => activeWorkers(s).length >= count || this.now() > deadline);
		if (state === undefined || activeWorkers(state).length >= count) return;
		throw new DroveError(
			'FLEET_EXPECT_TIMEOUT',
			`only ${activeWorkers(state).length} of ${count} expected workers joined within ${Math.round(maxWaitMs / 1000)} s: check that workers can reach ${reachAt}`,
			ExitCode.fleet,
		);
	}

	// ---- steering ----

	/** New fleet target; applied at once when the test runs. */
	setUsers(users: number): void {
		this.do({ type: 'set-target', now: this.now(), users });
	}

	/** New fleet spawn rate (users/s); reaches every worker at once, mid-ramp too. */
	setSpawnRate(rate: number): void {
		this.do({ type: 'set-target', now: this.now(), spawnRate: rate });
	}

	/** Starts (or restarts after a stop) the test: workers ramp to the target. */
	start(): void {
		if (this.state.runState === 'stopped') this.newTest();
		// After a stop the workers run nobody, whatever they were told before it: every worker gets orders.
		this.orders = forgetAllOrders(this.orders);
		this.do({ type: 'start', now: this.now() });
	}

	/** Stops every user; resolves when every worker has confirmed and its last stats are counted (or the master closed). */
	async stopUsers(): Promise<void> {
		const runState = this.state.runState;
		if (runState === 'spawning' || runState === 'running') {
			const timeoutMs = this.options.stopTimeoutMs ?? 0;
			const now = this.now();
			this.do({ type: 'stop', now, deadline: now + timeoutMs + STOP_GRACE_MS, countedSeqs: this.ledger.countedSeqs() });
			this.wire.stop(timeoutMs);
		} else if (runState !== 'stopping') {
			return;
		}
		await this.whenState((s) => s.runState !== 'stopping');
	}

	/**
	 * A start after a stop is a new test, as Locust's: the last test's figures go to the log,
	 * then stats, elapsed time and chart history start afresh.
	 */
	private newTest(): void {
		const total = this.aggregator.aggregatedStats();
		const state = this.state;
		const seconds = state.startedAt === null ? 0 : Math.round(((state.stoppedAt ?? this.now()) - state.startedAt) / 1000);
		this.log('info', `previous test: ${total.requests} requests, ${total.failures} failed, p95 ${total.percentiles['95'].toFixed(1)} ms, ${total.rps.toFixed(1)} req/s over ${seconds} s; stats start afresh`);
		this.resetStats();
		this.aggregator.clearHistory();
	}

	/** Spawn only these user classes from now on (a load shape's tick); null: every class again. */
	setUserClasses(userClasses: readonly string[] | null): void {
		this.do({ type: 'set-target', now: this.now(), userClasses });
	}

	/** Forgets all stats; workers drop what they hold and tag deltas with the new epoch. */
	resetStats(): void {
		this.do({ type: 'reset-stats', now: this.now() });
		this.aggregator.reset();
		this.wire.reset(this.state.statsEpoch);
	}

	/** Stops the test if it runs, tells every worker to quit, waits (bounded) for them to leave, and closes. */
	quit(): Promise<void> {
		this.closing ??= (async () => {
			await this.stopUsers();
			this.wire.quit();
			const deadline = this.now() + QUIT_WAIT_MS;
			await this.whenState((s) => activeWorkers(s).length === 0 || this.now() >= deadline);
			await this.shutDown();
		})();
		return this.closing;
	}

	/** Sends a custom message to one worker (`to`) or to all. */
	sendMessage(name: string, data: unknown, options: { to?: string } = {}): void {
		this.wire.custom(name, data, options.to);
	}

	/** Adds a line to the master's log (the dashboard's Log view, a headless stderr). */
	log(level: LogEntry['level'], text: string, source?: string): void {
		this.do({ type: 'log', now: this.now(), level, text, ...(source !== undefined && { source }) });
	}

	/** Handles custom messages of this name from workers. */
	onMessage(name: string, handler: (data: unknown, from: string) => void): void {
		this.customHandlers.set(name, handler);
	}

	// ---- the loop: one reducer pass, then orders, then listeners ----

	private do(action: MasterAction): void {
		const before = this.state;
		let state = reduceMaster(before, action);
		if (state === before) return;
		const membership = membershipKey(state);
		if (membership !== this.lastMembership) {
			this.lastMembership = membership;
			this.scheduleOrders();
		}
		if (ordersInputKey(state) !== this.lastOrderInputs) state = this.sendOrders(state);
		this.commit(state);
	}

	/** Plans and publishes orders for `state`; returns it with the workers' new assignments. */
	private sendOrders(state: MasterState): MasterState {
		const planned = planOrders(state, this.classes, this.orders);
		this.orders = planned.next;
		for (const { workerId, order } of planned.messages) this.wire.spawn(workerId, order);
		const next = planned.messages.length === 0 ? state : reduceMaster(state, { type: 'dispatched', now: this.now(), assignments: planned.assignments });
		this.lastOrderInputs = ordersInputKey(next);
		return next;
	}

	/** Sends soon rather than now, so a burst of joins or losses costs one round. */
	private scheduleOrders(): void {
		if (this.ordersTimer !== undefined || this.closed) return;
		this.ordersTimer = setTimeout(() => {
			this.ordersTimer = undefined;
			const state = this.sendOrders(this.state);
			if (state !== this.state) this.commit(state);
		}, DISPATCH_COALESCE_MS);
	}

	private commit(state: MasterState): void {
		this.state = state;
		for (const listener of this.listeners) listener(state);
		this.checkWaiters();
	}

	private checkWaiters(): void {
		for (const waiter of this.waiters) {
			if (!waiter.predicate(this.state)) continue;
			this.waiters.delete(waiter);
			waiter.resolve(this.state);
		}
	}

	private tick(): void {
		const now = this.now();
		if (this.beats.length > 0) {
			const beats = this.beats;
			this.beats = [];
			this.do({ type: 'heartbeats', now, beats });
		}
		const countedSeqs = this.state.runState === 'stopping' ? this.ledger.countedSeqs() : {};
		this.do({ type: 'tick', now, missingAfterMs: this.options.missingAfterMs ?? 3000, countedSeqs });
		this.aggregator.recordUsers(runningUsers(this.state), this.state.targetUsers);
		// Predicates may read the clock (deadlines): look again even when nothing changed.
		this.checkWaiters();
	}

	private announce(): void {
		this.wire.announce();
		this.heartbeat();
	}

	private heartbeat(): void {
		this.wire.heartbeat(this.now(), this.state.runState);
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
			this.wire.refuse(topic.workerId, `worker ${reason}`);
		}
	}

	private handle(workerId: string, message: Message): void {
		const now = this.now();
		switch (message.type) {
			case 'hello': {
				const ackedSeq = this.ledger.join(workerId, message.nextSeq);
				this.orders = forgetOrders(this.orders, workerId);
				this.do({ type: 'worker-joined', now, id: workerId, hostname: message.hostname, pid: message.pid, planHash: message.planHash });
				const mismatch = planMismatchLine(workerId, this.options.plan.hash, message);
				// Once per worker and plan, not on every rejoin.
				if (mismatch !== undefined && !this.planNoted.has(mismatch)) {
					this.planNoted.add(mismatch);
					this.log('warn', mismatch);
				}
				this.wire.welcome(workerId, this.state.statsEpoch, ackedSeq);
				// A rejoining worker may keep its place in the join order: make sure it gets orders.
				this.scheduleOrders();
				return;
			}
			case 'worker-heartbeat':
				this.beats.push({ id: workerId, state: message.state, users: message.users, ...(message.stoppedByPlan !== undefined && { stoppedByPlan: message.stoppedByPlan }), cpuPercent: message.cpuPercent, rssBytes: message.rssBytes });
				return;
			case 'worker-status': {
				// Beats wait for the tick; a status is applied at once. Beats this worker sent before
				// its status go first, in the order sent: applied after it they would undo a 'stopped',
				// and dropped they would lose the user counts a status does not carry.
				const held = this.beats.filter((beat) => beat.id === workerId);
				if (held.length > 0) {
					this.beats = this.beats.filter((beat) => beat.id !== workerId);
					this.do({ type: 'heartbeats', now, beats: held });
				}
				this.do({ type: 'worker-status', now, id: workerId, state: message.state, lastSeq: message.lastSeq, reason: message.reason });
				return;
			}
			case 'stats': {
				const verdict = this.ledger.accept(workerId, message.seq, message.statsEpoch, this.state.statsEpoch);
				if (verdict === 'apply') {
					try {
						this.aggregator.apply(workerId, message.delta);
					} catch (error) {
						this.do({ type: 'malformed', now, topic: 'worker-stats', reason: 'bad-shape', detail: (error as Error).message, from: workerId });
					}
				}
				if (this.ledger.knows(workerId)) this.wire.ack(workerId, this.ledger.countedSeq(workerId));
				return;
			}
			case 'custom':
				this.customHandlers.get(message.name)?.(message.data, message.from);
				return;
			default:
				return;
		}
	}

	private async shutDown(): Promise<void> {
		for (const timer of this.timers) clearInterval(timer);
		clearTimeout(this.ordersTimer);
		this.ordersTimer = undefined;
		await this.wire.goodbye();
		await this.transport.close();
		this.closed = true;
		for (const waiter of this.waiters) waiter.resolve(undefined);
		this.waiters.clear();
	}
}
