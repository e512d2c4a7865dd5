/**
 * The master's orders to its workers (pure): each active worker's share of the target
 * (absolute users per class from the dispatcher), its share of the fleet spawn rate, and its
 * partition slot. Only workers whose orders changed get one: what decides a change is the
 * worker's users, its slot, the fleet size, the stats epoch, the host and the fleet spawn rate
 * (so a rate change mid-ramp reaches every worker at once).
 *
 * The runtime calls {@link planOrders} after a reducer pass that changed one of its inputs
 * (see {@link ordersInputKey}), publishes `messages` and keeps `next` for the following call.
 */
import type { SpawnMessage } from '../protocol/messages.ts';
import type { Outgoing } from '../protocol/messages.ts';
import { dispatch, spawnRates, workerSlots } from './dispatcher.ts';
import type { Dispatch, DispatchClass, UsersByClass } from './dispatcher.ts';
import { activeWorkerIds, activeWorkers, retiredUsers } from './master-state.ts';
import type { MasterState } from './master-state.ts';

/** What was last sent, carried from one call to the next. */
export interface OrdersMemo {
	/** The last orders sent per worker id, as a comparable key. */
	readonly sent: Readonly<Record<string, string>>;
	/** Partition index per worker id, as last dispatched: kept while the worker stays (see workerSlots). */
	readonly slots: Readonly<Record<string, number>>;
}

/** One worker's orders: a `spawn` message without the master id the wire adds. */
export type SpawnOrder = Omit<Outgoing<SpawnMessage>, 'type' | 'masterId'>;

/** What {@link planOrders} decides. */
export interface PlannedOrders {
	/** Orders to publish, per worker id. */
	messages: Array<{ workerId: string; order: SpawnOrder }>;
	/** The users per class each ordered worker was told (the reducer's `dispatched`). */
	assignments: Record<string, UsersByClass>;
	next: OrdersMemo;
}

/** Nothing sent yet. */
export const NO_ORDERS: OrdersMemo = { sent: {}, slots: {} };

/** Orders go out only while the run spawns or runs. */
export function ordersDue(state: MasterState): boolean {
	return state.runState === 'spawning' || state.runState === 'running';
}

/**
 * Everything in the state orders depend on except membership (which the runtime coalesces):
 * when this key changes, orders are planned again.
 */
export function ordersInputKey(state: MasterState): string {
	return `${state.runState}|${state.targetUsers}|${state.spawnRate}|${state.statsEpoch}|${state.host ?? ''}|${state.userClasses?.join(',') ?? '*'}|${JSON.stringify(retiredUsers(state))}`;
}

/** Keys already joined, per ids list (the master asks on every reducer pass). */
const keyByIds = new WeakMap<readonly string[], string>();

/** The ids of the workers that take users, as a key: when it changes, membership changed. */
export function membershipKey(state: MasterState): string {
	const ids = activeWorkerIds(state);
	let key = keyByIds.get(ids);
	if (key === undefined) {
		key = ids.join('\n');
		keyByIds.set(ids, key);
	}
	return key;
}

/**
 * Plans the orders for `state`, sending only what differs from `previous`.
 * @param classes The classes dispatched: the plan's, less those the tag filters leave without a task.
 */
export function planOrders(state: MasterState, classes: readonly DispatchClass[], previous: OrdersMemo): PlannedOrders {
	if (!ordersDue(state)) return { messages: [], assignments: {}, next: previous };
	const ids = activeWorkerIds(state);
	// A load shape's tick may restrict the classes; users that stopped themselves are not replaced.
	const allowed = state.userClasses === null ? classes : classes.filter((c) => state.userClasses!.includes(c.name));
	const target = dispatch(allowed, state.targetUsers, ids, retiredUsers(state));
	// Classes left out get 0 (a worker's order names every class it runs).
	for (const users of Object.values(target)) for (const c of classes) users[c.name] ??= 0;
	const current: Dispatch = {};
	const known: Record<string, UsersByClass | undefined> = {};
	for (const worker of activeWorkers(state)) {
		current[worker.id] = worker.users;
		known[worker.id] = worker.stoppedByPlan;
	}
	const rates = spawnRates(current, target, state.spawnRate);
	const slots = workerSlots(previous.slots, ids);
	const sent: Record<string, string> = { ...previous.sent };
	const messages: PlannedOrders['messages'] = [];
	const assignments: Record<string, UsersByClass> = {};
	for (const id of ids) {
		const users = target[id] ?? {};
		const index = slots[id] ?? 0;
		const key = JSON.stringify([users, index, ids.length, state.statsEpoch, state.host, state.spawnRate]);
		if (sent[id] === key) continue;
		sent[id] = key;
		assignments[id] = users;
		messages.push({
			workerId: id,
			order: {
				users,
				spawnRate: rates[id] ?? state.spawnRate,
				host: state.host,
				partition: { index, count: ids.length },
				statsEpoch: state.statsEpoch,
				...(known[id] !== undefined && Object.keys(known[id]).length > 0 && { stoppedByPlan: known[id] }),
			},
		});
	}
	return { messages, assignments, next: { sent, slots } };
}

/** The memo after a worker said hello: its next orders go out even when unchanged. */
export function forgetOrders(memo: OrdersMemo, workerId: string): OrdersMemo {
	if (!(workerId in memo.sent)) return memo;
	const { [workerId]: _gone, ...sent } = memo.sent;
	return { sent, slots: memo.slots };
}

/** The memo after a start: every worker gets its orders again (after a stop they run nobody). */
export function forgetAllOrders(memo: OrdersMemo): OrdersMemo {
	return { sent: {}, slots: memo.slots };
}
