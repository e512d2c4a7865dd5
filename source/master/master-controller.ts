/**
 * The controller: what the dashboard's keys and the headless runner call to steer a run, and
 * how a renderer reads it (`getState()`, `snapshot()`, `subscribe()`).
 */
import { DroveError, ExitCode } from '../errors.ts';
import type { Aggregator } from '../stats/aggregator.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';
import { activeWorkers } from './master-state.ts';
import type { MasterState } from './master-state.ts';
import type { MasterCore } from './master-runtime.ts';

/** Extra time a stop waits past the stop timeout for workers to flush and confirm, ms. */
const STOP_GRACE_MS = 10_000;
/** How long quit waits for workers to say goodbye, ms. */
const QUIT_WAIT_MS = 8_000;

/** A running master, as the dashboard and the headless runner drive it. */
export class MasterController {
	private stopWaiters: Array<() => void> = [];
	private stopDeadline = 0;
	private closed: Promise<void> | undefined;

	constructor(
		private readonly core: MasterCore,
		private readonly listeners: Set<(state: MasterState) => void>,
	) {}

	/** Random per master process. */
	get masterId(): string {
		return this.core.masterId;
	}

	/** Where workers connect, e.g. `mqtt://127.0.0.1:5557` (the embedded broker's real port). */
	get url(): string {
		return this.core.transport.url;
	}

	/** The embedded broker's port, undefined on an external broker. */
	get port(): number | undefined {
		return this.core.transport.broker?.port;
	}

	/** The token workers must present, undefined when none is required. */
	get token(): string | undefined {
		return this.core.transport.broker?.token ?? this.core.options.token;
	}

	/** True when the master made the token up (print it with the join command). */
	get tokenGenerated(): boolean {
		return this.core.transport.broker?.tokenGenerated ?? false;
	}

	get aggregator(): Aggregator {
		return this.core.aggregator;
	}

	getState(): MasterState {
		return this.core.state;
	}

	snapshot(): StatsSnapshot {
		return this.core.aggregator.snapshot();
	}

	/** Called after every state change; returns the unsubscribe function. */
	subscribe(listener: (state: MasterState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** New fleet target; applied at once when the test runs. */
	setUsers(users: number): void {
		this.core.do({ type: 'set-target', now: this.core.now(), users });
		this.redispatch();
	}

	/** New fleet spawn rate (users/s), used from the next change on. */
	setSpawnRate(rate: number): void {
		this.core.do({ type: 'set-target', now: this.core.now(), spawnRate: rate });
	}

	/** Starts (or restarts after a stop) the test: workers ramp to the target. */
	start(): void {
		this.core.do({ type: 'start', now: this.core.now() });
		// Forced: after a stop the workers run nobody, whatever they were told before it.
		this.core.redispatch(true);
	}

	/** Stops every user; resolves when every worker has confirmed and its last stats are counted. */
	stopUsers(): Promise<void> {
		const state = this.core.state;
		if (state.runState === 'stopping') return new Promise((resolve) => this.stopWaiters.push(resolve));
		if (state.runState !== 'spawning' && state.runState !== 'running') return Promise.resolve();
		const timeoutMs = this.core.options.stopTimeoutMs ?? 0;
		this.core.do({ type: 'stop', now: this.core.now() });
		this.stopDeadline = this.core.now() + timeoutMs + STOP_GRACE_MS;
		this.core.publish(this.core.topics.cmdAll, { type: 'stop', masterId: this.core.masterId, timeoutMs }, 1);
		const done = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
		this.checkStopped();
		return done;
	}

	/** Forgets all stats; workers drop what they hold and tag deltas with the new epoch. */
	resetStats(): void {
		this.core.do({ type: 'reset-stats', now: this.core.now() });
		this.core.aggregator.reset();
		this.core.publish(this.core.topics.cmdAll, { type: 'reset', masterId: this.core.masterId, statsEpoch: this.core.state.statsEpoch }, 1);
	}

	/** Stops the test if it runs, tells every worker to quit, and closes the broker. */
	quit(): Promise<void> {
		this.closed ??= (async () => {
			await this.stopUsers();
			this.core.publish(this.core.topics.cmdAll, { type: 'quit', masterId: this.core.masterId }, 1);
			const deadline = Date.now() + QUIT_WAIT_MS;
			while (activeWorkers(this.core.state).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
			await this.core.shutDown();
		})();
		return this.closed;
	}

	/**
	 * Resolves once `count` workers are ready. With `maxWaitMs` > 0, throws a fleet DroveError
	 * (exit code 3) when they are not there in time, naming `reachAt` (the URL the join command
	 * announced; by default the broker's own, which on 0.0.0.0 is loopback).
	 */
	async waitForWorkers(count: number, maxWaitMs = 0, reachAt = this.url): Promise<void> {
		const deadline = maxWaitMs > 0 ? Date.now() + maxWaitMs : Infinity;
		while (activeWorkers(this.core.state).length < count) {
			if (Date.now() > deadline) {
				const have = activeWorkers(this.core.state).length;
				throw new DroveError(
					'FLEET_EXPECT_TIMEOUT',
					`only ${have} of ${count} expected workers joined within ${Math.round(maxWaitMs / 1000)} s: check that workers can reach ${reachAt}`,
					ExitCode.fleet,
				);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	/** Sends a custom message to one worker (`to`) or to all. */
	sendMessage(name: string, data: unknown, options: { to?: string } = {}): void {
		const topic = options.to === undefined ? this.core.topics.cmdAll : this.core.topics.cmd(options.to);
		this.core.publish(topic, { type: 'custom', from: 'master', name, data }, 1);
	}

	/** Adds a line to the master's log (shown in the dashboard's Log view and on a headless stderr). */
	log(level: 'info' | 'warn' | 'error', text: string): void {
		this.core.do({ type: 'log', now: this.core.now(), level, text });
	}

	/** Handles custom messages of this name from workers. */
	onMessage(name: string, handler: (data: unknown, from: string) => void): void {
		this.core.customHandlers.set(name, handler);
	}

	/** Internal (the runtime's tick): completes a stop once every worker confirmed, or at the deadline. */
	checkStopped(): void {
		const state = this.core.state;
		if (state.runState !== 'stopping') return;
		const pending = activeWorkers(state).filter((w) => !(w.state === 'stopped' && w.stopSeq !== undefined && this.core.ledger.countedSeq(w.id) >= w.stopSeq));
		const now = this.core.now();
		if (pending.length > 0 && now < this.stopDeadline) return;
		if (pending.length > 0) {
			this.core.do({ type: 'log', now, level: 'warn', text: `stopped without confirmation from ${pending.map((w) => w.id).join(', ')}: their last stats may be missing` });
		}
		this.core.do({ type: 'stopped', now });
		const waiters = this.stopWaiters;
		this.stopWaiters = [];
		for (const resolve of waiters) resolve();
	}

	private redispatch(): void {
		this.core.redispatch();
	}
}
