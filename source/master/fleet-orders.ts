/**
 * The master's orders to its workers: each active worker's share of the target (absolute
 * users per class from the dispatcher), its share of the fleet spawn rate, and its partition
 * slot, as `spawn` messages. Only workers whose orders changed get one, and membership changes
 * close together are sent as one round.
 */
import type { UserClass } from '../plan/user.ts';
import type { Outgoing } from '../protocol/messages.ts';
import type { Topics } from '../protocol/topics.ts';
import { dispatch, spawnRates, workerSlots } from './dispatcher.ts';
import type { Dispatch } from './dispatcher.ts';
import { activeWorkerIds, activeWorkers } from './master-state.ts';
import type { MasterAction, MasterState } from './master-state.ts';

/** Membership changes within this many ms are dispatched together. */
const DISPATCH_COALESCE_MS = 100;

/** What the orders need of the master runtime. */
export interface OrdersHost {
	readonly masterId: string;
	readonly topics: Topics;
	readonly state: MasterState;
	publish(topic: string, message: Outgoing, qos: 0 | 1): void;
	do(action: MasterAction): void;
	now(): number;
}

/** See the module comment. */
export class FleetOrders {
	/** The last orders sent per worker id, as a comparable key. */
	private sent: Record<string, string> = {};
	/** Partition index per worker id, as last dispatched: kept while the worker stays (see workerSlots). */
	private slots: Record<string, number> = {};
	private timer: NodeJS.Timeout | undefined;

	/** @param classes The classes dispatched: the plan's, less those the tag filters leave without a task. */
	constructor(
		private readonly host: OrdersHost,
		private readonly classes: readonly UserClass[],
	) {}

	/**
	 * Sends soon rather than now, so a burst of joins or losses (a thousand pods starting)
	 * costs one round, not one per worker times every worker's changed partition.
	 */
	schedule(): void {
		if (this.timer !== undefined) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.send();
		}, DISPATCH_COALESCE_MS);
	}

	/** A worker said hello: its next orders go out even when unchanged. */
	forget(workerId: string): void {
		delete this.sent[workerId];
	}

	/** Sends changed orders to the active workers (all of them with `force`), while the run spawns or runs. */
	send(force = false): void {
		const { host } = this;
		const state = host.state;
		if (state.runState !== 'spawning' && state.runState !== 'running') return;
		const ids = activeWorkerIds(state);
		const target = dispatch(this.classes, state.targetUsers, ids);
		const current: Dispatch = {};
		for (const worker of activeWorkers(state)) current[worker.id] = worker.users;
		const rates = spawnRates(current, target, state.spawnRate);
		this.slots = workerSlots(this.slots, ids);
		const assignments: Dispatch = {};
		for (const id of ids) {
			const users = target[id] ?? {};
			const index = this.slots[id] ?? 0;
			const key = JSON.stringify([users, index, ids.length, state.statsEpoch, state.host]);
			if (!force && this.sent[id] === key) continue;
			this.sent[id] = key;
			assignments[id] = users;
			host.publish(host.topics.cmd(id), {
				type: 'spawn',
				masterId: host.masterId,
				users,
				spawnRate: rates[id] ?? state.spawnRate,
				host: state.host,
				partition: { index, count: ids.length },
				statsEpoch: state.statsEpoch,
			}, 1);
		}
		if (Object.keys(assignments).length > 0) host.do({ type: 'dispatched', now: host.now(), assignments });
	}

	/** No round is pending after this. */
	close(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}
}
