/**
 * A worker: an MQTT client that announces itself, runs what its master tells it through the
 * engine, and reports heartbeats and stats (see docs/PROTOCOL.md). It retries the connection
 * until a master is there, stops all load when its master goes silent (the dead-man switch),
 * and rejoins a master that comes back.
 */
import { hostname } from 'node:os';
import { describeException } from '../engine/request-hooks.ts';
import { ExitCode } from '../errors.ts';
import type { WorkerSlot } from '../plan/context.ts';
import type { Message, WorkerState } from '../protocol/messages.ts';
import { Topics } from '../protocol/topics.ts';
import { bareUrl } from '../protocol/client-options.ts';
import { bounded } from './bounded.ts';
import { WorkerConnection } from './worker-connection.ts';
import { cpuSampler, rssBytes } from './process-usage.ts';
import { StatsChannel } from './stats-channel.ts';
import { makeWorkerId } from './worker-id.ts';
import { realEngineFactory } from './worker-engine.ts';
import type { WorkerHandle, WorkerOptions } from './worker-options.ts';
import { WorkerMasterLink } from './master-link.ts';
import { WorkerLoad } from './worker-load.ts';
import type { WorkerWire } from './worker-wire.ts';

export type { WorkerHandle, WorkerOptions } from './worker-options.ts';

/** Starts a worker; see {@link WorkerHandle}. */
export function startWorker(options: WorkerOptions): WorkerHandle {
	return new WorkerRuntime(options);
}

class WorkerRuntime implements WorkerHandle {
	readonly id: string;
	readonly done: Promise<number>;
	private readonly connection: WorkerConnection;
	private readonly wire: WorkerWire;
	private readonly stats = new StatsChannel(
		(entry) => this.wire.delta(entry),
		() => this.connection.connected && this.link.isWelcomed,
	);
	private readonly load: WorkerLoad;
	private readonly link: WorkerMasterLink;
	private readonly cpu = cpuSampler();
	private readonly handlers = new Map<string, (data: unknown, from: string) => void>();
	private readonly timers: NodeJS.Timeout[] = [];
	private finish!: (code: number) => void;
	private phase: WorkerState = 'starting';
	private reported: WorkerState | undefined;
	private queue: Promise<void> = Promise.resolve();
	private ended = false;
	private shuttingDown = false;
	private readonly log = (level: 'info' | 'warn' | 'error', text: string): void => this.options.log?.(level, text);

	constructor(private readonly options: WorkerOptions) {
		this.id = options.workerId ?? makeWorkerId();
		this.load = new WorkerLoad(options.plan, options.createEngine ?? realEngineFactory(options.engine), this.stats.recorder, (m) => this.log('warn', m), () => this.spawned());
		this.done = new Promise((resolve) => (this.finish = resolve));
		this.link = new WorkerMasterLink(options.plan, options.allowPlanMismatch ?? false);

		const topics = new Topics(options.cluster ?? 'default');
		this.connection = new WorkerConnection(
			{ broker: options.broker, externalBroker: options.externalBroker ?? false, topics, workerId: this.id, protocolVersion: options.protocolVersion },
			{
				connected: () => {
					this.link.connected();
					this.publishStatus();
				},
				message: (message) => this.onMasterMessage(message),
				versionMismatch: (text) => this.onVersionMismatch(text),
				refused: (text) => {
					this.log('error', text);
					this.enqueue(() => this.shutDown(ExitCode.usage));
				},
				log: (level, text) => this.log(level, text),
			},
		);
		this.wire = this.connection.wire;

		this.timers.push(setInterval(() => this.heartbeat(), options.heartbeatIntervalMs ?? 1000));
		// The dead-man switch looks 4 times a second, so load stops at most 250 ms past the timeout.
		this.timers.push(setInterval(() => this.checkMaster(), 250));
		this.timers.push(setInterval(() => this.enqueue(() => {
			if (!this.ended) this.stats.tick(Date.now(), options.resendAfterMs ?? 5000);
		}), options.statsIntervalMs ?? 1000));
	}

	/** The worker's place in the fleet (updated on every spawn). */
	get worker(): WorkerSlot {
		return this.load.worker;
	}

	get state(): WorkerState {
		if (this.ended) return 'offline';
		const engineState = this.load.state;
		if (engineState === 'spawning' || engineState === 'running' || engineState === 'stopping') return engineState;
		return this.phase;
	}

	onMessage(name: string, handler: (data: unknown, from: string) => void): void {
		this.handlers.set(name, handler);
	}

	sendMessage(name: string, data: unknown): void {
		this.wire.custom(name, data);
	}

	recordException(error: unknown): void {
		const { message, traceback } = describeException(error);
		this.stats.recorder.exception(message, traceback);
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

	private enqueue(task: () => Promise<void> | void): void {
		this.queue = this.queue.then(task).catch((error: unknown) => this.log('error', `worker error: ${(error as Error).message}`));
	}

	// ---- inbound ----

	private onVersionMismatch(text: string): void {
		if (this.ended) return;
		this.log('error', text);
		// Announce anyway so the master can say so on its side too, then leave.
		this.sendHello();
		this.enqueue(async () => {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			await this.shutDown(ExitCode.fleet);
		});
	}

	private onMasterMessage(message: Message): void {
		if (this.ended) return;
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
				this.stats.resend(Date.now());
				this.publishStatus();
				return;
			case 'refuse':
				this.log('error', `the master refused this worker: ${message.reason}`);
				return this.shutDown(ExitCode.fleet);
			case 'spawn':
				if (message.masterId !== this.link.masterId) return;
				return this.spawn(message.users, message.spawnRate, message.host ?? undefined, message.partition, message.statsEpoch, message.stoppedByPlan);
			case 'stop':
				return this.stopLoad('stopped', true);
			case 'quit':
				return this.shutDown(ExitCode.ok, 'quit');
			case 'reset':
				this.stats.reset(message.statsEpoch);
				return;
		}
	}

	/** Carries out what the master link decided. */
	private async act(step: ReturnType<WorkerMasterLink['masterOnline']>): Promise<void> {
		if (step.log) this.log(step.log.level, step.log.text);
		if (step.newMaster) {
			// Deltas not yet counted belonged to the previous master's run.
			this.stats.forgetRun();
			if (this.load.active) await this.load.stop();
		}
		if (step.loadPlan) {
			try {
				this.link.planLoaded(await this.load.usePlan(step.loadPlan.code, step.loadPlan.label));
			} catch (error) {
				this.log('error', `the master's plan does not load here: ${(error as Error).message}`);
				return this.shutDown(ExitCode.usage);
			}
		}
		if (this.link.readyToGreet()) this.sendHello();
	}

	private sendHello(): void {
		this.wire.hello({ hostname: hostname(), pid: process.pid, nextSeq: this.stats.nextSeq, ...this.link.greet() });
	}

	// ---- load ----

	private async spawn(users: Record<string, number>, rate: number, host: string | undefined, partition: WorkerSlot, epoch: number, knownStopped: Record<string, number> = {}): Promise<void> {
		if (this.load.plan === undefined) return;
		await this.load.settled();
		this.stats.epoch = epoch;
		const failed = await this.load.spawn(users, rate, host, partition, knownStopped);
		if (failed !== undefined) {
			this.log('error', failed);
			return this.shutDown(ExitCode.usage);
		}
		this.phase = 'ready';
		this.publishStatus();
	}

	/**
	 * The ramp reached its target: say `running` at once (Locust's spawning_complete), so the
	 * master's "every worker runs all it was told to" does not wait for the next heartbeat.
	 * In the queue, after the spawn that started the ramp and before any stop that follows it.
	 */
	private spawned(): void {
		this.enqueue(() => {
			if (this.ended || this.shuttingDown || this.phase !== 'ready') return;
			this.publishStatus();
			// And the users it now runs (a status carries none), as Locust's spawning_complete
			// carries its user count: the master need not wait up to a second for the next beat.
			this.heartbeat();
		});
	}

	/** Stops the users, flushes their last stats, and reports the new phase (with the last seq on a stop, for the master's confirmation). */
	private async stopLoad(phase: WorkerState, reportLastSeq: boolean): Promise<void> {
		this.phase = phase;
		await this.load.stop();
		this.stats.flush(Date.now());
		this.publishStatus(reportLastSeq ? { lastSeq: this.stats.lastSeq } : {});
	}

	private async masterGone(why: string): Promise<void> {
		if (this.phase === 'waiting-for-master' || this.link.masterId === undefined) return;
		this.log('warn', `${why}: stopping all users and waiting for a master`);
		this.link.lost();
		await this.stopLoad('waiting-for-master', false);
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
		if (!this.connection.connected) return;
		// Not welcomed yet: nothing to report. The master records a worker as ready from its
		// hello, and applies heartbeats in batches after statuses, so a 'starting' beat sent just
		// before the welcome could land after it and make a fresh worker look inactive (a headless
		// run then ended at once: every worker gone).
		if (this.phase === 'starting') return;
		const stoppedByPlan = this.load.stoppedByPlan();
		this.wire.heartbeat({
			state: this.state,
			users: this.load.userCounts(),
			...(Object.keys(stoppedByPlan).length > 0 && { stoppedByPlan }),
			cpuPercent: this.cpu(),
			rssBytes: rssBytes(),
			time: now,
		});
	}

	private publishStatus(extra: { lastSeq?: number; reason?: string } = {}): void {
		this.notifyState();
		this.wire.status(this.state, extra);
	}

	private notifyState(): void {
		const state = this.state;
		if (state !== this.reported) {
			this.reported = state;
			this.options.onState?.(state);
		}
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
		this.connection.leave();
		if (reason === 'quit') {
			await bounded(this.load.stop(), (this.options.engine?.stopTimeoutMs ?? 0) + 5000);
			this.stats.flush(Date.now());
			// Give the master a moment to count the last deltas (exactly once, so none may be lost).
			await this.stats.drain(2000, () => this.connection.connected);
		}
		this.ended = true;
		this.connection.mute();
		for (const timer of this.timers) clearInterval(timer);
		await bounded(this.load.drop().catch(() => {}), 5000);
		await this.connection.close(reason ?? 'exit');
		this.notifyState();
		this.finish(code);
	}
}
