/**
 * A worker: an MQTT client that announces itself, runs what its master tells it through the
 * engine, and reports heartbeats and stats (see docs/PROTOCOL.md). It retries the connection
 * until a master is there, stops all load when its master goes silent (the dead-man switch),
 * and rejoins a master that comes back.
 */
import { hostname } from 'node:os';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { ExitCode } from '../errors.ts';
import { loadPlanFromBundle } from '../plan/load-plan.ts';
import type { LoadedPlan } from '../plan/load-plan.ts';
import type { WorkerInfo } from '../plan/context.ts';
import { decode, encode } from '../protocol/codec.ts';
import type { Message, Outgoing, WorkerState } from '../protocol/messages.ts';
import { Topics } from '../protocol/topics.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import { bareUrl, clientOptions } from '../protocol/client-options.ts';
import { cpuSampler, rssBytes } from './process-usage.ts';
import { StatsChannel } from './stats-channel.ts';
import type { PendingDelta } from './stats-outbox.ts';
import { makeWorkerId } from './worker-id.ts';
import { realEngineFactory } from './worker-engine.ts';
import type { EngineFactory, WorkerEngine } from './worker-engine.ts';
import type { WorkerHandle, WorkerOptions } from './worker-options.ts';
import { WorkerMasterLink } from './master-link.ts';

export type { WorkerHandle, WorkerOptions } from './worker-options.ts';

/** Starts a worker; see {@link WorkerHandle}. */
export function startWorker(options: WorkerOptions): WorkerHandle {
	return new WorkerRuntime(options);
}

/** Runs a worker until it is told to quit (or cannot go on) and returns its exit code. */
export function runWorker(options: WorkerOptions): Promise<number> {
	return startWorker(options).done;
}

class WorkerRuntime implements WorkerHandle {
	readonly id: string;
	readonly worker: WorkerInfo = { index: 0, count: 1 };
	readonly done: Promise<number>;
	private readonly topics: Topics;
	private readonly client: MqttClient;
	private readonly stats = new StatsChannel((entry) => this.publishDelta(entry));
	private readonly link: WorkerMasterLink;
	private readonly cpu = cpuSampler();
	private readonly handlers = new Map<string, (data: unknown, from: string) => void>();
	private readonly timers: NodeJS.Timeout[] = [];
	private readonly createEngine: EngineFactory;
	private finish!: (code: number) => void;
	private plan: LoadedPlan | undefined;
	private engine: WorkerEngine | undefined;
	private engineHost: string | undefined;
	private phase: WorkerState = 'starting';
	private reported: WorkerState | undefined;
	private stopping: Promise<void> | undefined;
	private queue: Promise<void> = Promise.resolve();
	private ended = false;
	private versionRefused = false;
	private shuttingDown = false;

	constructor(private readonly options: WorkerOptions) {
		this.id = options.workerId ?? makeWorkerId();
		this.topics = new Topics(options.cluster ?? 'default');
		this.plan = options.plan;
		this.createEngine = options.createEngine ?? realEngineFactory(options.engine);
		this.done = new Promise((resolve) => (this.finish = resolve));
		this.link = new WorkerMasterLink(this.plan, options.allowPlanMismatch ?? false);

		const will = { topic: this.topics.worker(this.id, 'status'), payload: this.encode({ type: 'worker-status', workerId: this.id, state: 'offline', reason: 'connection lost' }), qos: 1 as const, retain: true };
		this.client = mqtt.connect(bareUrl(options.broker), clientOptions(options.broker, this.id, { will }));
		this.client.on('connect', () => this.onConnect());
		this.client.on('message', (topic, payload) => this.onPacket(topic, payload));
		this.client.on('error', (error) => this.onClientError(error as Error & { code?: number | string }));
		this.client.on('offline', () => {
			// Saying goodbye, the master may close first: nothing to wait for then.
			if (!this.shuttingDown) this.log('warn', `waiting for the master at ${bareUrl(options.broker)}`);
		});

		this.timers.push(setInterval(() => this.heartbeat(), options.heartbeatIntervalMs ?? 1000));
		// The dead-man switch looks 4 times a second, so load stops at most 250 ms past the timeout.
		this.timers.push(setInterval(() => this.checkMaster(), 250));
		this.timers.push(setInterval(() => this.enqueue(() => this.statsTick()), options.statsIntervalMs ?? 1000));
	}

	get state(): WorkerState {
		if (this.ended) return 'offline';
		const engineState = this.engine?.state;
		if (engineState === 'spawning' || engineState === 'running' || engineState === 'stopping') return engineState;
		return this.phase;
	}

	onMessage(name: string, handler: (data: unknown, from: string) => void): void {
		this.handlers.set(name, handler);
	}

	sendMessage(name: string, data: unknown): void {
		this.publish(this.topics.worker(this.id, 'custom'), { type: 'custom', from: this.id, name, data }, 1);
	}

	quit(): Promise<number> {
		// Not queued: a quit must work even when the queue waits on something stuck.
		void this.shutDown(ExitCode.ok, 'quit').catch((error: unknown) => {
			this.log('error', `quitting: ${(error as Error).message}`);
			this.finish(ExitCode.internal);
		});
		return this.done;
	}

	// ---- connection ----

	private onConnect(): void {
		this.link.connected();
		this.client.subscribe([this.topics.masterAll, this.topics.cmdAll, this.topics.cmd(this.id)], { qos: 1 }, (error) => {
			if (error) this.log('error', `cannot subscribe to the master's topics: ${error.message}`);
		});
		this.publishStatus();
	}

	private onClientError(error: Error & { code?: number | string }): void {
		// CONNACK return codes: 2 identifier rejected, 4 bad user name or password, 5 not authorized.
		if ((error.code === 4 || error.code === 5) && this.options.externalBroker) {
			const why = error.code === 4 ? 'bad user name or password' : 'not authorized';
			this.log('error', `the broker at ${bareUrl(this.options.broker)} refused this worker's login (${why}): check the user name and password in the --broker URL`);
			this.enqueue(() => this.shutDown(ExitCode.usage));
		} else if (error.code === 4 || error.code === 5) {
			this.log('error', `the master refused this worker's token: pass the master's token with --token or DROVE_TOKEN`);
			this.enqueue(() => this.shutDown(ExitCode.usage));
		} else if (error.code === 2) {
			this.log('error', `the master refused the worker id ${this.id}`);
			this.enqueue(() => this.shutDown(ExitCode.usage));
		}
	}

	private enqueue(task: () => Promise<void> | void): void {
		this.queue = this.queue.then(task).catch((error: unknown) => this.log('error', `worker error: ${(error as Error).message}`));
	}

	// ---- inbound ----

	private onPacket(topic: string, payload: Buffer): void {
		if (this.ended) return;
		const parsed = this.topics.parse(topic);
		if (parsed === undefined) return;
		const result = decode(parsed, payload, this.options.protocolVersion);
		if (!result.ok) {
			if (result.reason === 'empty') return;
			if (result.reason === 'version') {
				if (this.versionRefused) return;
				this.versionRefused = true;
				const ours = this.options.protocolVersion ?? PROTOCOL_VERSION;
				this.log('error', `master speaks Drove protocol ${result.version ?? '(none)'}, this worker ${ours}: run the same Drove version on both`);
				// Announce anyway so the master can say so on its side too, then leave.
				this.sendHello();
				this.enqueue(async () => {
					await new Promise((resolve) => setTimeout(resolve, 1000));
					await this.shutDown(ExitCode.fleet);
				});
				return;
			}
			this.log('warn', `dropped a ${result.reason} message on ${topic}: ${result.detail}`);
			return;
		}
		const message = result.message;
		// These never wait behind slower work: acks must flow while the worker quits.
		switch (message.type) {
			case 'ack':
				this.stats.ack(message.seq);
				return;
			case 'master-heartbeat':
				if (message.masterId !== this.link.masterId) return;
				this.link.beat(Date.now());
				// A master heard again after the dead-man switch tripped: ask for users again.
				if (this.phase === 'waiting-for-master' && this.link.readyToGreet()) this.sendHello();
				return;
			case 'custom': {
				const handler = this.handlers.get(message.name);
				if (handler) handler(message.data, message.from);
				return;
			}
			default:
				this.enqueue(() => this.handle(message));
		}
	}

	private async handle(message: Message): Promise<void> {
		if (this.ended) return;
		switch (message.type) {
			case 'master-status':
				if (message.state === 'offline') return this.masterGone('the master went offline');
				return this.act(this.link.masterOnline(message));
			case 'plan':
				return this.act(this.link.planArrived(message));
			case 'welcome':
				if (message.masterId !== this.link.masterId) return;
				this.link.welcomed(Date.now());
				this.stats.epoch = message.statsEpoch;
				this.stats.ack(message.ackedSeq);
				if (this.phase === 'starting' || this.phase === 'waiting-for-master') this.phase = 'ready';
				this.log('info', `joined the master at ${bareUrl(this.options.broker)} as ${this.id}`);
				this.resend();
				this.publishStatus();
				return;
			case 'refuse':
				this.log('error', `the master refused this worker: ${message.reason}`);
				return this.shutDown(ExitCode.fleet);
			case 'spawn':
				if (message.masterId !== this.link.masterId) return;
				return this.spawn(message.users, message.spawnRate, message.host ?? undefined, message.partition, message.statsEpoch);
			case 'stop':
				return this.stopUsers();
			case 'quit':
				return this.shutDown(ExitCode.ok, 'quit');
			case 'reset':
				this.stats.reset(message.statsEpoch);
				return;
			default:
				return;
		}
	}

	/** Carries out what the master link decided. */
	private async act(step: ReturnType<WorkerMasterLink['masterOnline']>): Promise<void> {
		if (step.log) this.log(step.log.level, step.log.text);
		if (step.newMaster) {
			// Deltas not yet counted belonged to the previous master's run.
			this.stats.forgetRun();
			if (this.engine && this.engine.state !== 'stopped' && this.engine.state !== 'idle') await this.stopEngine();
		}
		if (step.loadPlan) {
			try {
				this.plan = await loadPlanFromBundle(step.loadPlan.code, step.loadPlan.label);
				await this.dropEngine();
				this.link.planLoaded(this.plan);
			} catch (error) {
				this.log('error', `the master's plan does not load here: ${(error as Error).message}`);
				return this.shutDown(ExitCode.usage);
			}
		}
		if (this.link.readyToGreet()) this.sendHello();
	}

	private sendHello(): void {
		this.link.greeted();
		this.publish(this.topics.worker(this.id, 'hello'), {
			type: 'hello',
			workerId: this.id,
			hostname: hostname(),
			pid: process.pid,
			planHash: this.plan?.hash ?? null,
			ownPlanHash: this.options.plan?.hash ?? null,
			userClasses: this.plan?.userClasses.map((c) => c.name) ?? [],
			nextSeq: this.stats.nextSeq,
			lastMasterId: this.link.lastMasterId,
		}, 1);
	}

	// ---- load ----

	private async spawn(users: Record<string, number>, rate: number, host: string | undefined, partition: WorkerInfo, epoch: number): Promise<void> {
		if (this.plan === undefined) return;
		if (this.stopping) await this.stopping;
		this.stats.epoch = epoch;
		this.worker.index = partition.index;
		this.worker.count = partition.count;
		if (this.engine && this.engineHost !== host) await this.dropEngine();
		if (this.engine === undefined) {
			try {
				this.engine = this.createEngine({ plan: this.plan, host, sink: this.stats.recorder, worker: this.worker, onWarning: (m) => this.log('warn', m) });
			} catch (error) {
				// A plan that cannot run here (every task filtered out by tags, a bad host) will not get better.
				this.log('error', (error as Error).message);
				return this.shutDown(ExitCode.usage);
			}
			this.engineHost = host;
		}
		this.engine.setTarget(users, rate);
		this.phase = 'ready';
		this.publishStatus();
	}

	private async stopUsers(): Promise<void> {
		await this.stopEngine();
		this.phase = 'stopped';
		this.flush();
		this.publishStatus({ lastSeq: this.stats.lastSeq });
	}

	private stopEngine(): Promise<void> {
		const engine = this.engine;
		if (engine === undefined) return Promise.resolve();
		this.stopping ??= engine.stop().finally(() => (this.stopping = undefined));
		return this.stopping;
	}

	private async dropEngine(): Promise<void> {
		const engine = this.engine;
		this.engine = undefined;
		if (engine) await engine.close();
	}

	private async masterGone(why: string): Promise<void> {
		if (this.phase === 'waiting-for-master' || this.link.masterId === undefined) return;
		this.log('warn', `${why}: stopping all users and waiting for a master`);
		this.link.lost();
		this.phase = 'waiting-for-master';
		await this.stopEngine();
		this.flush();
		this.publishStatus();
	}

	// ---- outbound ----

	private checkMaster(): void {
		if (this.ended) return;
		const silent = this.link.silentFor(Date.now());
		if (silent >= (this.options.heartbeatTimeoutMs ?? 10_000)) {
			this.enqueue(() => this.masterGone(`no heartbeat from the master for ${(silent / 1000).toFixed(1)} s`));
		}
	}

	private heartbeat(): void {
		if (this.ended) return;
		const now = Date.now();
		this.notifyState();
		if (!this.client.connected) return;
		this.publish(this.topics.worker(this.id, 'heartbeat'), {
			type: 'worker-heartbeat',
			workerId: this.id,
			state: this.state,
			users: this.engine?.userCounts() ?? {},
			cpuPercent: this.cpu(),
			rssBytes: rssBytes(),
			time: now,
		}, 0);
	}

	private statsTick(): void {
		if (this.ended) return;
		this.flush();
		const resendAfter = this.options.resendAfterMs ?? 5000;
		if (this.client.connected && this.link.isWelcomed) this.stats.resendIfOverdue(Date.now(), resendAfter);
	}

	/** Takes what the recorder holds as the next delta and sends it when the master listens. */
	private flush(): void {
		this.stats.flush(Date.now(), this.client.connected && this.link.isWelcomed);
	}

	private resend(): void {
		this.stats.resend(Date.now());
	}

	private publishDelta(entry: PendingDelta): void {
		this.publish(this.topics.worker(this.id, 'stats'), { type: 'stats', workerId: this.id, seq: entry.seq, statsEpoch: entry.statsEpoch, delta: entry.delta }, 1);
	}

	private publishStatus(extra: { lastSeq?: number; reason?: string } = {}): void {
		this.notifyState();
		this.publish(this.topics.worker(this.id, 'status'), { type: 'worker-status', workerId: this.id, state: this.state, ...extra }, 1, true);
	}

	private notifyState(): void {
		const state = this.state;
		if (state !== this.reported) {
			this.reported = state;
			this.options.onState?.(state);
		}
	}

	private encode(message: Outgoing): Buffer {
		return encode(message, this.options.protocolVersion);
	}

	private publish(topic: string, message: Outgoing, qos: 0 | 1, retain = false): void {
		if (this.client.disconnecting) return;
		this.client.publish(topic, this.encode(message), { qos, retain }, () => {});
	}

	// ---- the end ----

	/**
	 * Stops, flushes, says goodbye, disconnects. Every wait is bounded: a master that vanishes
	 * mid-goodbye (mqtt.js then holds QoS 1 publishes for a reconnect that never comes) must
	 * not keep the worker alive.
	 */
	private async shutDown(code: number, reason?: string): Promise<void> {
		if (this.shuttingDown) return;
		this.shuttingDown = true;
		if (reason === 'quit') {
			await bounded(this.stopEngine(), (this.options.engine?.stopTimeoutMs ?? 0) + 5000);
			this.flush();
			// Give the master a moment to count the last deltas (exactly once, so none may be lost).
			const deadline = Date.now() + 2000;
			while (this.stats.pending > 0 && this.client.connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		}
		this.ended = true;
		for (const timer of this.timers) clearInterval(timer);
		await bounded(this.dropEngine().catch(() => {}), 5000);
		if (this.client.connected) {
			const status = this.topics.worker(this.id, 'status');
			await bounded(this.client.publishAsync(status, this.encode({ type: 'worker-status', workerId: this.id, state: 'offline', reason: reason ?? 'exit' }), { qos: 1 }).catch(() => {}), 1000);
			// Clear the retained status: a worker that left is not news for the next master.
			await bounded(this.client.publishAsync(status, Buffer.alloc(0), { qos: 1, retain: true }).catch(() => {}), 1000);
		}
		await bounded(this.client.endAsync(!this.client.connected).catch(() => {}), 1000);
		if (!this.client.disconnected) this.client.end(true);
		this.notifyState();
		this.finish(code);
	}

	private log(level: 'info' | 'warn' | 'error', text: string): void {
		this.options.log?.(level, text);
	}
}

/** Waits for `promise`, but no longer than `ms`. */
function bounded(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
	return Promise.race([promise.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
