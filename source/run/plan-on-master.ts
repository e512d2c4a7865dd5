/**
 * The plan's life on the master: its custom messages go over the master's link, and its run
 * hooks fire with role `master` when the test starts, when the fleet reached its target
 * (spawningComplete) and when it stops (workers fire their
 * own, with role `worker`, from the engine). So a plan can send data to its workers from the
 * master's testStart, as Locust's example does.
 */
import type { MasterRuntime } from '../master/master-runtime.ts';
import { runningUsers, type RunState } from '../master/master-state.ts';
import { runHooks } from '../plan/events.ts';
import type { PlanHooks } from '../plan/events.ts';
import { bindMessageLink, deliverMessage } from '../plan/messages.ts';

// testStop fires once the users have stopped, as Locust's test_stop does.
const RUNNING: ReadonlySet<RunState> = new Set(['spawning', 'running', 'stopping']);

/** Binds the plan to the master; returns the function that waits for running hooks and unbinds. */
export function attachPlanToMaster(master: MasterRuntime, hooks: PlanHooks, host: string | undefined): () => Promise<void> {
	const report = (what: string, error: unknown): void => master.log('error', `${what}: ${error instanceof Error ? error.message : String(error)}`);
	const unbind = bindMessageLink({
		role: 'master',
		send: (type, data, to) => master.sendMessage(type, data, to === undefined ? {} : { to }),
		listen: (type) => master.onMessage(type, (data, from) => deliverMessage(type, data, from)),
		onError: (type, error) => report(`the plan's handler for message '${type}' failed`, error),
	});
	let running = false;
	let spawned = false;
	// Hooks run one after another, in the order the test started and stopped.
	let queue: Promise<void> = Promise.resolve();
	const unsubscribe = master.subscribe((state) => {
		// spawningComplete: the fleet reached its target (again after a change of target).
		const complete = state.runState === 'running';
		if (complete && !spawned) {
			const users = runningUsers(state);
			queue = queue.then(() => runHooks(hooks, 'spawningComplete', { role: 'master', users }, (error) => report("the plan's spawningComplete hook failed", error)));
		}
		spawned = complete;
		const now = RUNNING.has(state.runState);
		if (now === running) return;
		running = now;
		const event = now ? { name: 'testStart' as const, payload: { role: 'master' as const, ...(host !== undefined && { host }) } } : { name: 'testStop' as const, payload: { role: 'master' as const } };
		queue = queue.then(() => runHooks(hooks, event.name, event.payload, (error) => report(`the plan's ${event.name} hook failed`, error)));
	});
	return async () => {
		unsubscribe();
		await queue;
		unbind();
	};
}
