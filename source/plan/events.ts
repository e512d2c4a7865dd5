/**
 * Run hooks, as Locust's events: `events.on('testStart', fn)` at the top level of a plan.
 * Hooks registered while a plan loads belong to that plan (its `LoadedPlan.hooks`), so two
 * plans loaded in one process keep their hooks apart.
 */
import type { WorkerSlot } from './context.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';

/** Where a hook runs: the master (once per test) or each worker. */
export type Role = 'master' | 'worker';

/** A test starts: on the master when it starts the test, on each worker before its first user. */
export interface TestStartEvent {
	role: Role;
	/** Set on a worker. */
	worker?: WorkerSlot;
	/** The `-H/--host` given, if any. */
	host?: string;
}

/** A test stops: on each worker after its users stopped, on the master at the end. */
export interface TestStopEvent {
	role: Role;
	worker?: WorkerSlot;
}

/** One finished request or `record()`, on the worker that made it. */
export interface RequestEvent {
	role: 'worker';
	worker: WorkerSlot;
	method: string;
	name: string;
	/** ms, microsecond resolution. */
	responseTimeMs: number;
	contentLength: number;
	/** Why it failed; undefined for a success. */
	error: string | undefined;
	userId: number;
	userClass: string;
}

/** Once per process, after the plan has loaded and before any test (Locust's `init`). */
export interface InitEvent {
	role: Role;
}

/** The ramp reached its target: on the master for the fleet, on each worker for its share. */
export interface SpawningCompleteEvent {
	role: Role;
	/** Users running: the fleet's on the master, this worker's on a worker. */
	users: number;
	worker?: WorkerSlot;
}

/**
 * The master, after the run, with the final stats (Locust's `quitting`). `setExitCode` chooses
 * the process's exit code, as Locust's `environment.process_exit_code`; the last call wins.
 */
export interface QuittingEvent {
	role: 'master';
	stats: StatsSnapshot;
	/** The exit code the run would end with: failures, thresholds and the fleet decided it. */
	exitCode: number;
	setExitCode(code: number): void;
}

/** The events a plan can hook and what each hook receives. */
export interface EventMap {
	init: InitEvent;
	testStart: TestStartEvent;
	spawningComplete: SpawningCompleteEvent;
	testStop: TestStopEvent;
	quitting: QuittingEvent;
	request: RequestEvent;
}

export type EventName = keyof EventMap;
/** A hook; every hook but `request` may be async and is awaited. `request` hooks must be quick and synchronous. */
export type Hook<K extends EventName> = (event: EventMap[K]) => unknown;

/** The hooks a plan registered. */
export type PlanHooks = { [K in EventName]: Hook<K>[] };

/** The events hooks are awaited for (all but `request`). */
export type AwaitedEvent = Exclude<EventName, 'request'>;

/** Fresh, empty hooks. */
export function emptyHooks(): PlanHooks {
	return { init: [], testStart: [], spawningComplete: [], testStop: [], quitting: [], request: [] };
}

// Kept on globalThis so every copy of this module (a plan bundle may carry its own) shares it.
const slot = Symbol.for('drove.hooks.collector');
interface Slot {
	current: PlanHooks;
}
const g = globalThis as unknown as Record<symbol, Slot | undefined>;
const shared: Slot = (g[slot] ??= { current: emptyHooks() });

/** The plan-facing event API. */
export const events = {
	/** Run `hook` on every `name` event. */
	on<K extends EventName>(name: K, hook: Hook<K>): void {
		const list = shared.current[name] as Hook<K>[] | undefined;
		if (!list) throw new TypeError(`events.on(): unknown event ${JSON.stringify(name)}; known: ${Object.keys(emptyHooks()).join(', ')}`);
		if (typeof hook !== 'function') throw new TypeError('events.on(): expected a function');
		list.push(hook);
	},
	/** Stop running `hook` on `name` events. */
	off<K extends EventName>(name: K, hook: Hook<K>): void {
		const list = shared.current[name] as Hook<K>[] | undefined;
		const i = list?.indexOf(hook) ?? -1;
		if (list && i >= 0) list.splice(i, 1);
	},
};

/**
 * Collect the hooks registered while `load` runs. Loads must not overlap: the loader
 * serialises them.
 */
export async function collectHooks<T>(load: () => Promise<T>): Promise<{ value: T; hooks: PlanHooks }> {
	const previous = shared.current;
	const hooks = emptyHooks();
	shared.current = hooks;
	try {
		return { value: await load(), hooks };
	} finally {
		shared.current = previous;
	}
}

/**
 * Run every hook for `name` in order, awaiting each; a hook that throws is reported through
 * `onError` and the others still run.
 */
export async function runHooks<K extends AwaitedEvent>(
	hooks: PlanHooks,
	name: K,
	event: EventMap[K],
	onError: (error: unknown) => void,
): Promise<void> {
	for (const hook of (hooks[name] ?? []) as Hook<K>[]) {
		try {
			await hook(event);
		} catch (error) {
			onError(error);
		}
	}
}

// The hooks whose `init` already ran in this process: a plan's init runs once, however often it is used.
const initialised = new WeakSet<PlanHooks>();

/** Runs the plan's `init` hooks once per process (a second call for the same plan does nothing). */
export async function runInitOnce(hooks: PlanHooks, role: Role, onError: (error: unknown) => void): Promise<void> {
	if (initialised.has(hooks)) return;
	initialised.add(hooks);
	await runHooks(hooks, 'init', { role }, onError);
}
