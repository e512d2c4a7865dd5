/**
 * Every MQTT topic Drove uses, in one place. All live under `drove/<cluster>/` so several
 * masters can share one external broker without crosstalk (`--cluster`, default `default`).
 *
 *   drove/<c>/master/status          retained, Last Will: master online/offline
 *   drove/<c>/master/heartbeat       every second while the master lives
 *   drove/<c>/master/plan            retained: the bundled plan (plan shipping)
 *   drove/<c>/cmd/all                commands to every worker
 *   drove/<c>/cmd/<workerId>         commands to one worker (and its stats acks)
 *   drove/<c>/worker/<id>/hello      a worker announcing itself
 *   drove/<c>/worker/<id>/status     retained, Last Will: the worker's state
 *   drove/<c>/worker/<id>/heartbeat  every second: state, users, CPU, RSS
 *   drove/<c>/worker/<id>/stats      stats deltas with a sequence number, QoS 1
 *   drove/<c>/worker/<id>/custom     custom messages from the worker to the master
 */

export const TOPIC_ROOT = 'drove';

/** Cluster names and worker ids are single topic levels: no `/`, `+`, `#` or spaces. */
const NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** True when `name` can be a cluster name or worker id (one safe topic level). */
export function isValidName(name: string): boolean {
	return NAME.test(name) && name !== '.' && name !== '..';
}

/** The kinds of topic, one per row of the table above. */
export type TopicKind =
	| 'master-status'
	| 'master-heartbeat'
	| 'plan'
	| 'cmd-all'
	| 'cmd-worker'
	| 'worker-hello'
	| 'worker-status'
	| 'worker-heartbeat'
	| 'worker-stats'
	| 'worker-custom';

/** A topic taken apart. `workerId` is set for `cmd-worker` and every `worker-*` kind. */
export interface ParsedTopic {
	kind: TopicKind;
	workerId?: string;
}

const WORKER_KINDS = {
	hello: 'worker-hello',
	status: 'worker-status',
	heartbeat: 'worker-heartbeat',
	stats: 'worker-stats',
	custom: 'worker-custom',
} as const;

/** The leaf names under `worker/<id>/`. */
export type WorkerTopicLeaf = keyof typeof WORKER_KINDS;

/** Builds the topics of one cluster. */
export class Topics {
	readonly cluster: string;
	readonly root: string;

	constructor(cluster = 'default') {
		if (!isValidName(cluster)) throw new TypeError(`invalid cluster name: ${cluster}`);
		this.cluster = cluster;
		this.root = `${TOPIC_ROOT}/${cluster}`;
	}

	get masterStatus(): string {
		return `${this.root}/master/status`;
	}

	get masterHeartbeat(): string {
		return `${this.root}/master/heartbeat`;
	}

	get plan(): string {
		return `${this.root}/master/plan`;
	}

	/** Wildcard for everything the master publishes on `master/...`. */
	get masterAll(): string {
		return `${this.root}/master/+`;
	}

	get cmdAll(): string {
		return `${this.root}/cmd/all`;
	}

	cmd(workerId: string): string {
		return `${this.root}/cmd/${workerId}`;
	}

	/** The prefix every topic of one worker starts with (what it may publish under). */
	workerPrefix(workerId: string): string {
		return `${this.root}/worker/${workerId}/`;
	}

	worker(workerId: string, leaf: WorkerTopicLeaf): string {
		return `${this.root}/worker/${workerId}/${leaf}`;
	}

	/** Wildcard for one leaf of every worker, for the master's subscriptions. */
	anyWorker(leaf: WorkerTopicLeaf): string {
		return `${this.root}/worker/+/${leaf}`;
	}

	/** Takes a topic apart; undefined when it is not one of this cluster's topics. */
	parse(topic: string): ParsedTopic | undefined {
		if (!topic.startsWith(this.root + '/')) return undefined;
		const parts = topic.slice(this.root.length + 1).split('/');
		const [area, second, third] = parts;
		if (area === 'master' && parts.length === 2) {
			if (second === 'status') return { kind: 'master-status' };
			if (second === 'heartbeat') return { kind: 'master-heartbeat' };
			if (second === 'plan') return { kind: 'plan' };
			return undefined;
		}
		if (area === 'cmd' && parts.length === 2 && second !== undefined) {
			if (second === 'all') return { kind: 'cmd-all' };
			return isValidName(second) ? { kind: 'cmd-worker', workerId: second } : undefined;
		}
		if (area === 'worker' && parts.length === 3 && second !== undefined && isValidName(second)) {
			// Own keys only: `constructor` or `toString` are not topics.
			if (third === undefined || !Object.hasOwn(WORKER_KINDS, third)) return undefined;
			return { kind: WORKER_KINDS[third as WorkerTopicLeaf], workerId: second };
		}
		return undefined;
	}
}
