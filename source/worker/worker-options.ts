/** What a worker is started with, and what a started worker offers. */
import type { LoadedPlan } from '../plan/load-plan.ts';
import type { WorkerSlot } from '../plan/context.ts';
import type { WorkerState } from '../protocol/messages.ts';
import type { BrokerEndpoint } from '../protocol/client-options.ts';
import type { EngineFactory, EngineSettings } from './worker-engine.ts';

/** Options of `startWorker`. Durations in ms. */
export interface WorkerOptions {
	broker: BrokerEndpoint;
	/**
	 * True when `broker` is an existing broker given with `--broker`, not the master's embedded
	 * one: a refused login is then the broker's, about the credentials in the URL, not the token.
	 */
	externalBroker?: boolean;
	/** Default `default`. */
	cluster?: string;
	/** The worker's own plan (`-f`), loaded; undefined to run the master's. */
	plan?: LoadedPlan;
	/** Run the own plan even when the master's differs. */
	allowPlanMismatch?: boolean;
	/** Default 1000. */
	statsIntervalMs?: number;
	/** Default 1000. */
	heartbeatIntervalMs?: number;
	/** Master silence after which all load stops. Default 10,000. */
	heartbeatTimeoutMs?: number;
	/** Resend unacknowledged deltas after this long. Default 5000. */
	resendAfterMs?: number;
	/** Settings for the real engine. */
	engine?: EngineSettings;
	/** Builds the engine; default the real one. */
	createEngine?: EngineFactory;
	/** Default hostname plus a random suffix. */
	workerId?: string;
	/** Tests only: speak another protocol version. */
	protocolVersion?: string;
	/** One-line messages for the person running the worker. */
	log?: (level: 'info' | 'warn' | 'error', text: string) => void;
	/** Called whenever the reported state changes. */
	onState?: (state: WorkerState) => void;
}

/** A running worker. */
export interface WorkerHandle {
	readonly id: string;
	readonly state: WorkerState;
	/** Resolves with the exit code when the worker is done (quit, refused, fatal). */
	readonly done: Promise<number>;
	/** Stops users, flushes stats, says goodbye and disconnects. */
	quit(): Promise<number>;
	/** Handles custom messages of this name from the master. */
	onMessage(name: string, handler: (data: unknown, from: string) => void): void;
	/** Sends a custom message to the master. */
	sendMessage(name: string, data: unknown): void;
	/** The worker's place in the fleet (updated on every spawn). */
	readonly worker: WorkerSlot;
	/** Records an error that escaped the plan's tasks (see stray-errors.ts) as an exception. */
	recordException(error: unknown): void;
}

