/**
 * The load a worker runs: the plan (its own, or the master's loaded from the bundle), the
 * engine it builds from it (again for a new plan or a new target host), the master's spawn
 * orders and the worker's place in the fleet, and stopping. A spawn waits for a stop in
 * progress, and concurrent stops share one.
 */
import { rampPhaseMs } from '../engine/ramp.ts';
import type { WorkerSlot } from '../plan/context.ts';
import { loadPlanFromBundle } from '../plan/load-plan.ts';
import { runInitOnce } from '../plan/events.ts';
import type { LoadedPlan } from '../plan/load-plan.ts';
import type { StatsSink } from '../stats/stats-sink.ts';
import type { EngineFactory, WorkerEngine } from './worker-engine.ts';

/** See the module comment. */
export class WorkerLoad {
	/** The worker's place in the fleet: live, the engine's users see every update. */
	readonly worker: WorkerSlot = { index: 0, count: 1 };
	private engine: WorkerEngine | undefined;
	private engineHost: string | undefined;
	private stopping: Promise<void> | undefined;

	constructor(
		/** The plan users run: undefined until the master's is loaded (a worker started without -f). */
		public plan: LoadedPlan | undefined,
		private readonly createEngine: EngineFactory,
		private readonly sink: StatsSink,
		private readonly onWarning: (message: string) => void,
		/** Every class reached its target (the engine's spawning-complete): news for the master now, not at the next heartbeat. */
		private readonly onSpawned: () => void = () => {},
	) {
		if (plan) void this.init(plan);
	}

	/** The plan's `init` hooks, once, role worker; a throw is a warning in the log. */
	private init(plan: LoadedPlan): Promise<void> {
		return runInitOnce(plan.hooks, 'worker', (error) => this.onWarning(`the plan's init hook failed: ${error instanceof Error ? error.message : String(error)}`));
	}

	/** Users per class that stopped themselves (`stopUser()`) since the test started. */
	stoppedByPlan(): Record<string, number> {
		return this.engine?.stoppedByPlan?.() ?? {};
	}

	/** The engine's state, undefined when there is none. */
	get state(): WorkerEngine['state'] | undefined {
		return this.engine?.state;
	}

	/** True while users run, ramp or stop. */
	get active(): boolean {
		return this.engine !== undefined && this.engine.state !== 'stopped' && this.engine.state !== 'idle';
	}

	/** Running users per class. */
	userCounts(): Record<string, number> {
		return this.engine?.userCounts() ?? {};
	}

	/** Resolves once a stop in progress (if any) is done. */
	async settled(): Promise<void> {
		if (this.stopping) await this.stopping;
	}

	/** Loads the master's bundled plan to run from now on; throws when it does not load here. */
	async usePlan(code: string, label: string): Promise<LoadedPlan> {
		const plan = await loadPlanFromBundle(code, label);
		this.plan = plan;
		await this.init(plan);
		await this.drop();
		return plan;
	}

	/**
	 * Ramps to `users` per class at `rate` users/s on `host` (undefined: the plan's own).
	 * @returns The error message when the engine cannot be built (a plan that cannot run here:
	 * every task filtered out by tags, a bad host), which will not get better; else undefined.
	 */
	async spawn(users: Record<string, number>, rate: number, host: string | undefined, partition: WorkerSlot, knownStopped: Record<string, number> = {}): Promise<string | undefined> {
		const plan = this.plan;
		if (plan === undefined) return undefined;
		await this.settled();
		this.worker.index = partition.index;
		this.worker.count = partition.count;
		if (this.engine && this.engineHost !== host) await this.drop();
		if (this.engine === undefined) {
			try {
				this.engine = this.createEngine({ plan, host, sink: this.sink, worker: this.worker, onWarning: this.onWarning });
			} catch (error) {
				return (error as Error).message;
			}
			this.engine.on?.('spawning-complete', () => this.onSpawned());
			this.engineHost = host;
		}
		this.engine.setTarget(this.active ? withoutUnknownStops(users, this.stoppedByPlan(), knownStopped) : users, rate, rampPhaseMs(partition, rate));
		return undefined;
	}

	/** Stops every user (one stop at a time). */
	stop(): Promise<void> {
		const engine = this.engine;
		if (engine === undefined) return Promise.resolve();
		this.stopping ??= engine.stop().finally(() => (this.stopping = undefined));
		return this.stopping;
	}

	/** Closes the engine: the next spawn builds a new one (a new plan, a new host). */
	async drop(): Promise<void> {
		const engine = this.engine;
		this.engine = undefined;
		if (engine) await engine.close();
	}
}

/**
 * An order's users less those of this worker that stopped themselves (`stopUser()`) after the
 * master last heard of it: the master dealt `users` knowing only `known` of them, so without
 * this the engine would start replacements for the rest. Pure.
 */
export function withoutUnknownStops(users: Readonly<Record<string, number>>, stopped: Readonly<Record<string, number>>, known: Readonly<Record<string, number>>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [name, count] of Object.entries(users)) out[name] = Math.max(0, count - Math.max(0, (stopped[name] ?? 0) - (known[name] ?? 0)));
	return out;
}
