/**
 * What the worker runtime needs of an engine, and the default factory that builds the real
 * one. Tests inject a fake factory to drive the runtime without HTTP.
 */
import type { HttpSettings } from '../engine/connections.ts';
import { Engine } from '../engine/engine.ts';
import type { WorkerSlot } from '../plan/context.ts';
import type { LoadedPlan } from '../plan/load-plan.ts';
import type { StatsSink } from '../stats/stats-sink.ts';

/** The engine as the worker drives it (the real `Engine` satisfies this). */
export interface WorkerEngine {
	readonly state: 'idle' | 'spawning' | 'running' | 'stopping' | 'stopped';
	setTarget(counts: Record<string, number>, spawnRate: number, firstChangeAfterMs?: number): void;
	userCounts(): Record<string, number>;
	/** Users per class that called stopUser() since the test started (optional: fakes may leave it out). */
	stoppedByPlan?(): Record<string, number>;
	stop(): Promise<void>;
	close(): Promise<void>;
	/** The engine's events (engine-options.ts EngineEvents); the worker listens for spawning-complete (optional: fakes may leave it out). */
	on?(event: 'spawning-complete', listener: (counts: Record<string, number>) => void): unknown;
}

/** What an engine is built from. `worker` is live: the runtime updates index and count in place. */
export interface EngineArgs {
	plan: LoadedPlan;
	/** Target base URL from the master's `-H`, undefined for the plan's own. */
	host: string | undefined;
	sink: StatsSink;
	worker: WorkerSlot;
	onWarning(message: string): void;
}

/** Builds an engine. */
export type EngineFactory = (args: EngineArgs) => WorkerEngine;

/** Engine settings that come from the worker's own flags. */
export interface EngineSettings {
	/** ms a stopping user's running task may finish. */
	stopTimeoutMs?: number;
	/** ms before a request fails as timed out. */
	requestTimeoutMs?: number;
	tags?: string[];
	excludeTags?: string[];
	sharedPool?: boolean;
	/** TLS, proxy and HTTP/2 towards the target. */
	http?: HttpSettings;
}

/** The factory of the real engine. */
export function realEngineFactory(settings: EngineSettings = {}): EngineFactory {
	return (args) =>
		new Engine({
			plan: args.plan,
			host: args.host,
			sink: args.sink,
			worker: args.worker,
			onWarning: args.onWarning,
			...(settings.stopTimeoutMs !== undefined && { stopTimeoutMs: settings.stopTimeoutMs }),
			...(settings.requestTimeoutMs !== undefined && { requestTimeoutMs: settings.requestTimeoutMs }),
			...(settings.tags && { tags: settings.tags }),
			...(settings.excludeTags && { excludeTags: settings.excludeTags }),
			...(settings.sharedPool !== undefined && { sharedPool: settings.sharedPool }),
			...(settings.http && { http: settings.http }),
		});
}
