/**
 * One simulated user: runs `onStart`, then picks tasks and waits between them until stopped,
 * then `onStop`. Never lets the plan's errors out: a task that throws is recorded and the user
 * goes on.
 */
import type { TaskContext, WorkerSlot } from '../plan/context.ts';
import type { UserClass } from '../plan/user.ts';
import type { RequestReporter, UserHttpClient } from './http-client.ts';
import type { TaskPicker } from './task-picker.ts';
import { UserCancelled } from './transport-error.ts';
import { isStopUser } from '../plan/control.ts';
import type { WakeList } from './wake-list.ts';

/** After a cancel, how long a task may take to unwind before the user is abandoned (ms). */
const unwindMs = 1_000;
/** How long `onStop` may run (ms) before it is cancelled. */
const onStopMs = 10_000;
/** A user with no wait time yields to the event loop every this many tasks, so a plan whose tasks never await cannot starve it. */
const yieldEvery = 64;

/** What a user needs from its engine. */
export interface UserEnv {
	worker: WorkerSlot;
	reporter: RequestReporter;
	/** A task, onStart, onStop or hook threw. */
	exception(error: unknown): void;
	/** The user called `stopUser()`: it is stopping by itself and must not be replaced. */
	stoppedItself?(user: SimUser): void;
	/** The engine's one timer for its users' waits between tasks. */
	waits: WakeList;
}

/** Resolves true if `promise` settles within `ms`, false otherwise. */
function within(promise: Promise<void>, ms: number): Promise<boolean> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), ms);
		void promise.then(() => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A running user. */
export class SimUser {
	readonly ctx: TaskContext;
	readonly worker: WorkerSlot;
	/** Asked to stop: finishes its current task, then ends. */
	stopping = false;
	/** It called `stopUser()`. */
	stoppedItself = false;
	private cancelled = false;
	private abandoned = false;
	private wake: (() => void) | null = null;
	/** When its wait between tasks ends: the engine's wake list keeps it here. */
	wakeAt = Number.NaN;
	private sleeps: Set<{ timer: NodeJS.Timeout; reject: (e: Error) => void }> | null = null;
	// Memory matters (10,000 idle users): no per-user deferreds, just flags and a callback made
	// only when stop() needs to wait for the task loop.
	private loopEnded = false;
	private onLoopEnd: (() => void) | null = null;
	private running: Promise<void> | null = null;
	private stopped: Promise<void> | null = null;

	constructor(
		readonly id: number,
		readonly cls: UserClass,
		private readonly pick: TaskPicker,
		readonly client: UserHttpClient,
		private readonly env: UserEnv,
	) {
		this.worker = env.worker;
		this.ctx = new UserContext(this, env.reporter);
	}

	/** Start running; never rejects. */
	start(): void {
		this.running = this.run().catch((error: unknown) => {
			this.env.exception(error);
			this.endLoop();
		});
	}

	/** Wake from the wait between tasks (its timer fired, or the user is stopping). */
	endWait(): void {
		this.env.waits.forget(this);
		const wake = this.wake;
		this.wake = null;
		wake?.();
	}

	/**
	 * Stop: let the current task finish for up to `graceMs`, then cancel it (abort its requests,
	 * reject its sleeps), run onStop, close the connection. Resolves when the user is gone.
	 */
	stop(graceMs: number): Promise<void> {
		if (this.stopped) return this.stopped;
		this.stopping = true;
		this.endWait();
		const loopDone = this.loopEnded ? Promise.resolve() : new Promise<void>((resolve) => (this.onLoopEnd = resolve));
		this.stopped = (async () => {
			if (!(graceMs > 0 && (await within(loopDone, graceMs)))) {
				this.cancel();
				if (!(await within(loopDone, unwindMs))) this.abandon();
			}
			if (!this.abandoned && !(await within(this.running ?? Promise.resolve(), onStopMs))) {
				this.cancel();
				this.abandon();
			}
			this.client.close();
		})();
		return this.stopped;
	}

	private async run(): Promise<void> {
		const { cls, ctx, client } = this;
		if (cls.onStart) await this.guard(() => cls.onStart!(ctx));
		let spins = 0;
		// stopUser() in onStart: no task runs.
		while (!this.stopping) {
			const steps = this.pick().steps;
			for (let s = 0; s < steps.length && !this.stopping; s++) {
				const started = performance.now();
				try {
					const result = steps[s]!(ctx) as Promise<unknown> | undefined;
					if (result != null && typeof result.then === 'function') await result;
				} catch (error) {
					this.failed(error);
				}
				client.judgeCaught();
				if (this.stopping) break;
				const waitTime = cls.waitTime;
				if (waitTime !== undefined) {
					const seconds = waitTime((performance.now() - started) / 1000);
					if (seconds > 0) {
						await this.wait(seconds * 1000);
						continue;
					}
				}
				if (++spins === yieldEvery) {
					spins = 0;
					await yieldToLoop();
				}
			}
		}
		this.endLoop();
		if (this.abandoned) return;
		if (this.cancelled) {
			// onStop runs even after a cancel, as Locust runs on_stop after killing a user.
			this.cancelled = false;
			client.resume();
		}
		if (cls.onStop) await this.guard(() => cls.onStop!(ctx));
	}

	private async guard(fn: () => unknown): Promise<void> {
		try {
			await fn();
		} catch (error) {
			this.failed(error);
		}
		this.client.judgeCaught();
	}

	private failed(error: unknown): void {
		if (isStopUser(error)) {
			this.stopItself();
			return;
		}
		if (this.cancelled || this.abandoned || error instanceof UserCancelled) return;
		this.env.exception(error);
	}

	/** `stopUser()`: leave the loop after this task, tell the engine (once), onStop still runs. */
	private stopItself(): void {
		if (this.stoppedItself || this.stopping) return;
		this.stoppedItself = true;
		this.stopping = true;
		this.env.stoppedItself?.(this);
	}

	private endLoop(): void {
		this.loopEnded = true;
		const done = this.onLoopEnd;
		this.onLoopEnd = null;
		done?.();
	}

	private wait(ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			this.wake = resolve;
			this.env.waits.add(this, ms);
		});
	}

	/** `ctx.sleep()`: rejects with UserCancelled when the user is cancelled. */
	sleep(seconds: number): Promise<void> {
		if (this.cancelled) return Promise.reject(new UserCancelled());
		const slept = new Promise<void>((resolve, reject) => {
			const entry = {
				timer: setTimeout(() => {
					this.sleeps?.delete(entry);
					resolve();
				}, Math.max(0, seconds * 1000)),
				reject,
			};
			(this.sleeps ??= new Set()).add(entry);
		});
		// A sleep nobody awaits must not become an unhandled rejection when the user is cancelled.
		slept.catch(() => undefined);
		return slept;
	}

	private cancel(): void {
		this.cancelled = true;
		this.client.cancel();
		if (this.sleeps) {
			for (const s of this.sleeps) {
				clearTimeout(s.timer);
				s.reject(new UserCancelled());
			}
			this.sleeps.clear();
		}
		this.endWait();
	}

	/** Give up on a task that does not unwind: it may run on in the background, unrecorded. */
	private abandon(): void {
		this.abandoned = true;
	}
}

/**
 * The task context. `sleep`, `record` and `state` are made on first use (plans destructure
 * them, so they must be bound functions), which keeps an idle user small.
 */
class UserContext implements TaskContext {
	readonly client: UserHttpClient;
	readonly userId: number;
	readonly userClass: string;
	readonly worker: WorkerSlot;
	private sleepFn: TaskContext['sleep'] | null = null;
	private recordFn: TaskContext['record'] | null = null;
	private stateObject: Record<string, unknown> | null = null;

	constructor(
		private readonly user: SimUser,
		private readonly reporter: RequestReporter,
	) {
		this.client = user.client;
		this.userId = user.id;
		this.userClass = user.cls.name;
		this.worker = user.worker;
	}

	get sleep(): TaskContext['sleep'] {
		return (this.sleepFn ??= (seconds) => this.user.sleep(seconds));
	}

	get record(): TaskContext['record'] {
		return (this.recordFn ??= (name, ms, error) =>
			this.reporter.request('custom', name, ms, 0, error === undefined ? undefined : typeof error === 'string' ? error : error.message));
	}

	get state(): Record<string, unknown> {
		return (this.stateObject ??= {});
	}
}
