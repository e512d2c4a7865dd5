/** What an engine is built from, its states and the events it emits (the engine is engine.ts). */
import type { WorkerSlot } from '../plan/context.ts';
import type { PlanHooks } from '../plan/events.ts';
import type { UserClass } from '../plan/user.ts';
import type { StatsSink } from '../stats/stats-sink.ts';
import type { HttpSettings } from './connections.ts';

/** What the engine runs: a loaded plan, or just its classes and hooks. */
export interface EnginePlan {
	userClasses: UserClass[];
	hooks?: PlanHooks;
}

export interface EngineOptions {
	plan: EnginePlan;
	/** `-H/--host`: overrides every class's own host. */
	host?: string;
	sink: StatsSink;
	worker: WorkerSlot;
	/** A request fails as timed out after this long (ms). */
	requestTimeoutMs?: number;
	/** How long a stopping user's running task may finish (ms); 0 cancels it at once, as Locust. */
	stopTimeoutMs?: number;
	/** One shared connection pool instead of a connection per user. */
	sharedPool?: boolean;
	/** TLS, proxy and HTTP/2 for every class (a class's own `tls` overrides the TLS). Default: direct, verified. */
	http?: HttpSettings;
	/** `-T/--tags`: run only tasks with one of these tags. */
	tags?: string[];
	/** `-E/--exclude-tags`: never run tasks with one of these tags. */
	excludeTags?: string[];
	onWarning?(message: string): void;
	/** Clock for spawn pacing, ms (default performance.now). */
	now?: () => number;
	/** Run the plan's testStart/testStop hooks (role `worker`) when a test starts and stops (default true). */
	runTestHooks?: boolean;
	/** CPU watch window, ms (default 10 s). */
	cpuWindowMs?: number;
	/** Cumulative CPU time of this process, ms (default process.cpuUsage); injected by tests. */
	cpuMs?: () => number;
}

export type EngineState = 'idle' | 'spawning' | 'running' | 'stopping' | 'stopped';

/**
 * Events the engine emits, so a caller (the worker, a test) waits for what happened instead of
 * polling the engine. Warnings are not events: they go to `onWarning`.
 */
export interface EngineEvents {
	/** Every change of `state`, in order. */
	state: [state: EngineState];
	/** Every class reached its target count (the state is then `running`). */
	'spawning-complete': [counts: Record<string, number>];
	/** A user was started by the ramp (its onStart runs from here). */
	'user-started': [userId: number, userClass: string];
	/** A user is being stopped by a ramp down (newest first) or by its own stopUser(). */
	'user-stopping': [userId: number, userClass: string];
	/** A user is gone, however it was stopped: its task ended or was cancelled, and its onStop ran. */
	'user-stopped': [userId: number, userClass: string];
}
