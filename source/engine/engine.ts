/**
 * The load engine: spawns users of a plan's classes at a spawn rate up to absolute counts per
 * class, stops them newest first, and reports every request into a StatsSink. It is the library
 * a worker drives; it knows nothing of MQTT or terminals.
 */
import { EventEmitter } from 'node:events';
import { DroveError } from '../errors.ts';
import type { WorkerSlot } from '../plan/context.ts';
import { runHooks, type PlanHooks } from '../plan/events.ts';
import { displayPath } from '../plan/plan-error.ts';
import { firstPlanFrame } from '../plan/plan-frame.ts';
import { filterByTags, type UserClass } from '../plan/user.ts';
import type { StatsSink } from '../stats/stats-sink.ts';
import { perUserConnections, sharedConnections, type HttpSettings } from './connections.ts';
import { startCpuMonitor } from './cpu-monitor.ts';
import type { EngineEvents, EngineOptions, EngineState } from './engine-options.ts';
import { parseHost, UserHttpClient, type Connections, type HostParts } from './http-client.ts';
import { changesDue, delayToNext, nextChange } from './ramp.ts';
import { describeException, hookedReporter } from './request-hooks.ts';
import { SimUser, type UserEnv } from './sim-user.ts';
import { WakeList } from './wake-list.ts';
import { pickerFactory, type TaskPicker } from './task-picker.ts';

export type { EngineEvents, EngineOptions, EnginePlan, EngineState } from './engine-options.ts';

interface ClassRuntime {
	cls: UserClass;
	host: HostParts | undefined;
	/** The engine's connections, or the class's own when it has its own `tls`. */
	connections: Connections;
	makePicker: () => TaskPicker;
	/** Users in spawn order: the last is the newest. */
	active: SimUser[];
	target: number;
}

/** Runs users; see the module comment. */
export class Engine extends EventEmitter<EngineEvents> {
	private readonly classes: ClassRuntime[];
	private readonly byName = new Map<string, ClassRuntime>();
	private readonly hooks: PlanHooks | undefined;
	private readonly sink: StatsSink;
	private readonly worker: WorkerSlot;
	private readonly requestTimeoutMs: number;
	private readonly stopTimeoutMs: number;
	/** The engine's connections and any class's own: closed with the engine. */
	private readonly pools: (Connections & { close?(): Promise<void> })[] = [];
	private readonly now: () => number;
	private readonly env: UserEnv;
	/** One function for every user's client (a closure each would be a few dozen bytes a user). */
	private readonly onUnknownOption = (error: TypeError): void => this.unknownOption(error);
	/** Users on their way out, each with the promise of its end (then 'user-stopped'). */
	private readonly leaving = new Map<SimUser, Promise<void>>();
	private readonly warned = new Set<string>();
	/** Call sites already reported for an unknown request option. */
	private readonly badOptionSites = new Set<string>();
	/** Users per class that called stopUser() since the test started. */
	private selfStopped: Record<string, number> = {};
	private currentState: EngineState = 'idle';
	private nextId = 0;
	private rate = 1;
	private rampStart = 0;
	private changes = 0;
	private timer: NodeJS.Timeout | null = null;
	private starting: Promise<void> | null = null;
	private stopping: Promise<void> | null = null;
	private stopCpu: (() => void) | null = null;

	constructor(private readonly options: EngineOptions) {
		super();
		this.sink = options.sink;
		// Live: the caller (the worker runtime) updates index and count in place; every
		// user's ctx.worker is this same object.
		this.worker = options.worker;
		this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
		this.stopTimeoutMs = options.stopTimeoutMs ?? 0;
		this.now = options.now ?? (() => performance.now());
		this.hooks = options.plan.hooks;
		const classes = filterByTags(options.plan.userClasses, options.tags, options.excludeTags);
		if (classes.length === 0) {
			throw new DroveError('NO_TASKS', 'no task left to run: every task is filtered out by --tags/--exclude-tags');
		}
		const http = options.http ?? {};
		const open = (settings: HttpSettings): Connections => {
			const pool = options.sharedPool ? sharedConnections(settings) : perUserConnections(settings);
			this.pools.push(pool);
			return pool;
		};
		const common = open(http);
		this.classes = classes.map((cls) => ({
			cls,
			host: hostOf(options.host ?? cls.host),
			connections: cls.tls ? open({ ...http, tls: { ...http.tls, ...cls.tls } }) : common,
			makePicker: pickerFactory(cls),
			active: [],
			target: 0,
		}));
		for (const c of this.classes) this.byName.set(c.cls.name, c);
		this.env = {
			worker: this.worker,
			reporter: this.sink,
			exception: (error) => this.exception(error),
			stoppedItself: (user) => this.userStoppedItself(user),
			waits: new WakeList(),
		};
	}

	get state(): EngineState {
		return this.currentState;
	}

	/** Running users per class (users being stopped are not counted). */
	userCounts(): Record<string, number> {
		const out: Record<string, number> = {};
		for (const c of this.classes) out[c.cls.name] = c.active.length;
		return out;
	}

	/**
	 * Users per class that stopped themselves with `stopUser()` since the test started: the
	 * worker reports them so the master's dispatch does not replace them.
	 */
	stoppedByPlan(): Record<string, number> {
		return { ...this.selfStopped };
	}

	/** All running users. */
	get userCount(): number {
		let n = 0;
		for (const c of this.classes) n += c.active.length;
		return n;
	}

	/**
	 * Ramp to these absolute counts per class (a class left out goes to 0) at `spawnRate`
	 * users a second for the whole engine (spread evenly; <= 0 or Infinity: at once). Users are
	 * stopped newest first. Starts a test (testStart hooks) when idle or stopped.
	 * @param firstChangeAfterMs When the first change falls (the worker's phase in the fleet, ramp.ts rampPhaseMs); at once by default.
	 */
	setTarget(counts: Record<string, number>, spawnRate: number, firstChangeAfterMs = 0): void {
		if (this.currentState === 'stopping') throw new Error('engine is stopping: wait for stop() before setting a new target');
		for (const name of Object.keys(counts)) {
			if (!this.byName.has(name)) this.warnOnce(`unknown user class ${JSON.stringify(name)} (not in the plan or filtered out by tags): ignored`);
		}
		for (const c of this.classes) {
			c.target = Math.max(0, Math.floor(counts[c.cls.name] ?? 0));
			if (c.target > 0 && !c.host) this.warnOnce(`user class ${c.cls.name} has no host: give -H/--host or \`host\` in user(); only absolute URLs will work`);
			// --insecure is announced by the process it was given to; a plan's own setting here.
			if (c.target > 0 && c.cls.tls?.insecure) this.warnOnce(insecureWarning);
		}
		this.rate = spawnRate > 0 && Number.isFinite(spawnRate) ? spawnRate : Infinity;
		// Change k falls at k / rate after rampStart: a start in the future delays them all alike.
		this.rampStart = this.now() + (this.rate === Infinity ? 0 : Math.max(0, firstChangeAfterMs));
		this.changes = 0;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		const fresh = this.currentState === 'idle' || this.currentState === 'stopped';
		this.setState('spawning');
		if (fresh) {
			this.stopping = null;
			this.selfStopped = {};
			this.stopCpu ??= startCpuMonitor((m) => this.warnOnce(m), this.options.cpuWindowMs, 0.9, this.options.cpuMs);
			this.starting = this.options.runTestHooks === false || !this.hooks
				? Promise.resolve()
				: runHooks(this.hooks, 'testStart', { role: 'worker', worker: this.worker, ...(this.options.host && { host: this.options.host }) }, (e) => this.exception(e));
			void this.starting.then(() => this.schedule(0));
		} else if (this.starting) {
			void this.starting.then(() => this.schedule(0));
		}
	}

	/** Stop every user (running tasks get stopTimeoutMs, then are cancelled; onStop runs), then testStop hooks. */
	stop(): Promise<void> {
		if (this.stopping) return this.stopping;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		if (this.currentState === 'idle' || this.currentState === 'stopped') {
			this.setState('stopped');
			return (this.stopping = Promise.resolve());
		}
		this.setState('stopping');
		this.stopping = (async () => {
			await this.starting;
			const gone: Promise<void>[] = [...this.leaving.values()];
			for (const c of this.classes) {
				gone.push(...c.active.map((u) => this.letGo(u)));
				c.active = [];
				c.target = 0;
			}
			await Promise.all(gone);
			if (this.options.runTestHooks !== false && this.hooks) {
				await runHooks(this.hooks, 'testStop', { role: 'worker', worker: this.worker }, (e) => this.exception(e));
			}
			this.setState('stopped');
		})();
		return this.stopping;
	}

	/** Stop if running, then close shared connections and the CPU watch. */
	async close(): Promise<void> {
		if (this.currentState !== 'idle' && this.currentState !== 'stopped') await this.stop();
		await Promise.all(this.leaving.values());
		this.stopCpu?.();
		this.stopCpu = null;
		await Promise.all(this.pools.map((pool) => pool.close?.()));
	}

	private setState(state: EngineState): void {
		if (state === this.currentState) return;
		this.currentState = state;
		this.emit('state', state);
	}

	private schedule(delayMs: number): void {
		if (this.currentState !== 'spawning') return;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => this.tick(), delayMs);
	}

	private tick(): void {
		this.timer = null;
		if (this.currentState !== 'spawning') return;
		const elapsed = this.now() - this.rampStart;
		let due = changesDue(elapsed, this.rate, this.changes);
		while (due > 0) {
			const change = nextChange(this.classes);
			if (change === undefined) {
				this.setState('running');
				this.emit('spawning-complete', this.userCounts());
				if (this.options.runTestHooks !== false && this.hooks?.spawningComplete?.length) {
					void runHooks(this.hooks, 'spawningComplete', { role: 'worker', users: this.userCount, worker: this.worker }, (e) => this.exception(e));
				}
				return;
			}
			if ('stop' in change) this.retire(change.stop.active.pop()!);
			else this.spawn(change.spawn);
			this.changes++;
			due--;
		}
		this.schedule(delayToNext(elapsed, this.rate, this.changes));
	}

	private spawn(c: ClassRuntime): void {
		const id = this.nextId++;
		const hooks = this.hooks?.request ?? [];
		const env = hooks.length > 0 ? { ...this.env, reporter: hookedReporter(this.sink, hooks, { worker: this.worker, userId: id, userClass: c.cls.name }, (e) => this.exception(e)) } : this.env;
		const client = new UserHttpClient(c.host, c.connections, env.reporter, this.requestTimeoutMs, c.cls.decompress === true, this.onUnknownOption);
		const user = new SimUser(id, c.cls, c.makePicker(), client, env);
		c.active.push(user);
		user.start();
		this.emit('user-started', id, c.cls.name);
	}

	/** One user out of the ramp (a ramp down, or stopUser()): the others keep running. */
	private retire(user: SimUser): void {
		this.emit('user-stopping', user.id, user.cls.name);
		void this.letGo(user);
	}

	/** Stops a user once, however many ask; 'user-stopped' when it is gone. */
	private letGo(user: SimUser): Promise<void> {
		let gone = this.leaving.get(user);
		if (gone === undefined) {
			gone = user.stop(this.stopTimeoutMs).then(() => {
				this.leaving.delete(user);
				this.emit('user-stopped', user.id, user.cls.name);
			});
			this.leaving.set(user, gone);
		}
		return gone;
	}

	/** Once per call site, with the plan's line in the message (so two sites are two rows). */
	private unknownOption(error: TypeError): void {
		const frame = firstPlanFrame(error.stack ?? '');
		const site = frame === undefined ? error.message : `${frame.file}:${frame.line}:${frame.column}`;
		if (this.badOptionSites.has(site)) return;
		this.badOptionSites.add(site);
		if (frame !== undefined) error.message += ` (${displayPath(frame.file)}:${frame.line})`;
		this.exception(error);
	}

	/** stopUser(): out of the active list and the target, so the ramp does not replace it. */
	private userStoppedItself(user: SimUser): void {
		const c = this.byName.get(user.cls.name);
		const at = c?.active.indexOf(user) ?? -1;
		if (!c || at < 0) return;
		c.active.splice(at, 1);
		c.target = Math.max(0, c.target - 1);
		this.selfStopped[c.cls.name] = (this.selfStopped[c.cls.name] ?? 0) + 1;
		this.retire(user);
	}

	private exception(error: unknown): void {
		const { message, traceback } = describeException(error);
		this.sink.exception(message, traceback);
	}

	private warnOnce(message: string): void {
		if (this.warned.has(message)) return;
		this.warned.add(message);
		this.options.onWarning?.(message);
	}
}

/** Said once when any running class skips certificate checks. */
export const insecureWarning = 'TLS certificates of the target are not verified (tls.insecure in the plan): use only against a test target you trust';

function hostOf(host: string | undefined): HostParts | undefined {
	try {
		return parseHost(host);
	} catch {
		throw new DroveError('BAD_HOST', `bad host ${JSON.stringify(host)}: give a URL such as http://127.0.0.1:8080`);
	}
}
