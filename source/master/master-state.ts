/**
 * The master's run state as a pure reducer: data in, data out, an injected clock (every
 * action carries `now`, epoch ms). The master runtime feeds it what arrives over MQTT and
 * what it is asked (setUsers, stopUsers, ...); the dashboard, the headless printer and the reports read it.
 * Stats live in the aggregator, not here.
 */
import type { TopicKind } from '../protocol/topics.ts';
import type { WorkerState } from '../protocol/messages.ts';
import type { UsersByClass } from './dispatcher.ts';

/** The run as a whole. */
export type RunState = 'waiting' | 'ready' | 'spawning' | 'running' | 'stopping' | 'stopped';

/** A worker as the master sees it: what it reports, plus `missing` (silent) and `left` (quit). */
export type WorkerViewState = WorkerState | 'missing' | 'left';

/** One worker. */
export interface WorkerView {
	id: string;
	hostname: string;
	pid: number;
	state: WorkerViewState;
	/** Running users per class, from its last heartbeat. */
	users: UsersByClass;
	/** Sum of `users`. */
	userCount: number;
	/** What the master last told it to run. */
	assigned: UsersByClass;
	/** Percent of one core. */
	cpuPercent: number;
	rssBytes: number;
	/** Epoch ms (master clock) of the last heartbeat, or of the hello before the first one. */
	lastHeartbeatAt: number;
	/** Epoch ms it (last) joined. */
	joinedAt: number;
	planHash: string | null;
	/** On `stopped`: the seq of its last delta of the run. */
	stopSeq?: number;
	/** Users per class that stopped themselves (`stopUser()`) this test, from its heartbeats. */
	stoppedByPlan?: UsersByClass;
}

/** One line of the event log: its fields are data, never parsed back out of `text`. */
export interface LogEntry {
	/** Epoch ms (master clock). */
	at: number;
	level: 'info' | 'warn' | 'error';
	/** Who it is about: `master`, or a worker id. */
	source: string;
	/** What happened, without the source. */
	text: string;
}

/** The source of a log entry about the master itself. */
export const MASTER_SOURCE = 'master';

/** Everything about the run except stats. */
export interface MasterState {
	runState: RunState;
	targetUsers: number;
	/** Users per second for the whole fleet. */
	spawnRate: number;
	/** `-H`: the target base URL, null for the plan's own. */
	host: string | null;
	/** Epoch ms the test started (a start after a stop is a new test), null before start. */
	startedAt: number | null;
	/** Spawn only these classes (a load shape's tick chose them); null: every class. */
	userClasses: string[] | null;
	/** Epoch ms the run stopped, null while it has not. */
	stoppedAt: number | null;
	/** While stopping: epoch ms after which the stop completes without every confirmation. */
	stopDeadline: number | null;
	/** Bumped by every stats reset; deltas of an older epoch are not merged. */
	statsEpoch: number;
	/** Workers to wait for before a headless start (0: any one). */
	expectWorkers: number;
	/** By id, in join order (the dispatcher's stable order). */
	workers: Record<string, WorkerView>;
	/** Bounded, oldest first. */
	log: LogEntry[];
	/** Inbound messages dropped as malformed (each is also a log line naming topic and reason); the Log view shows the count. */
	malformed: number;
	/** Connections, publishes and subscriptions the embedded broker refused (each also a log line). */
	refused: number;
}

/** An entry as one line of prose: `worker <id> joined (...)`, or the master's own text. */
export function logEntryText(entry: LogEntry): string {
	return entry.source === MASTER_SOURCE ? entry.text : `worker ${entry.source} ${entry.text}`;
}

/** Log lines kept. */
export const LOG_LIMIT = 500;

/** Worker states that take users. */
const ACTIVE: ReadonlySet<WorkerViewState> = new Set(['ready', 'spawning', 'running', 'stopping', 'stopped']);

/** What can happen. Every action carries the master clock's `now` (epoch ms). */
export type MasterAction =
	| { type: 'worker-joined'; now: number; id: string; hostname: string; pid: number; planHash: string | null }
	| { type: 'worker-refused'; now: number; id: string; reason: string }
	| { type: 'heartbeats'; now: number; beats: Array<{ id: string; state: WorkerState; users: UsersByClass; stoppedByPlan?: UsersByClass; cpuPercent: number; rssBytes: number }> }
	| { type: 'worker-status'; now: number; id: string; state: WorkerState; lastSeq?: number; reason?: string }
	/** Every 250 ms: marks silent workers missing, and completes a stop (see CountedSeqs). */
	| { type: 'tick'; now: number; missingAfterMs: number; countedSeqs: CountedSeqs }
	| { type: 'dispatched'; now: number; assignments: Record<string, UsersByClass> }
	/** `userClasses`: spawn only these classes from now on (a load shape's tick); null: all again. */
	| { type: 'set-target'; now: number; users?: number; spawnRate?: number; userClasses?: readonly string[] | null }
	| { type: 'start'; now: number }
	/** `deadline`: epoch ms after which the stop completes even without every confirmation. */
	| { type: 'stop'; now: number; deadline: number; countedSeqs: CountedSeqs }
	| { type: 'reset-stats'; now: number }
	| { type: 'malformed'; now: number; topic: TopicKind; reason: string; detail: string; from?: string }
	| { type: 'refused'; now: number; kind: 'connect' | 'publish' | 'subscribe'; clientId: string; detail: string }
	| { type: 'log'; now: number; level: LogEntry['level']; text: string; source?: string };

/** The stats ledger's highest counted seq per worker id: a stop is confirmed once each worker's last delta is counted. */
export type CountedSeqs = Readonly<Record<string, number>>;

/** The state before anything happened. */
export function initialMasterState(options: { targetUsers?: number; spawnRate?: number; host?: string | null; expectWorkers?: number } = {}): MasterState {
	return {
		runState: 'waiting',
		targetUsers: options.targetUsers ?? 0,
		spawnRate: options.spawnRate ?? 1,
		host: options.host ?? null,
		startedAt: null,
		userClasses: null,
		stoppedAt: null,
		stopDeadline: null,
		statsEpoch: 0,
		expectWorkers: options.expectWorkers ?? 0,
		workers: {},
		log: [],
		malformed: 0,
		refused: 0,
	};
}

/**
 * The active list per workers record. States are never mutated, so a record's list never goes
 * stale; a reducer pass with 1,000 workers asked for it several times (settle, the orders keys,
 * running users), and every message that does not touch the workers keeps the record and its list.
 */
const activeByRecord = new WeakMap<Record<string, WorkerView>, readonly WorkerView[]>();
const idsByList = new WeakMap<readonly WorkerView[], readonly string[]>();

/** Workers that take users, in join order. Shared between callers: do not mutate. */
export function activeWorkers(state: MasterState): readonly WorkerView[] {
	let list = activeByRecord.get(state.workers);
	if (list === undefined) {
		list = Object.values(state.workers).filter((w) => ACTIVE.has(w.state));
		activeByRecord.set(state.workers, list);
	}
	return list;
}

/** Ids of the workers that take users, in join order: the dispatcher's input. Do not mutate. */
export function activeWorkerIds(state: MasterState): readonly string[] {
	const list = activeWorkers(state);
	let ids = idsByList.get(list);
	if (ids === undefined) {
		ids = list.map((w) => w.id);
		idsByList.set(list, ids);
	}
	return ids;
}

/** Users running on the fleet now, from heartbeats. */
export function runningUsers(state: MasterState): number {
	return activeWorkers(state).reduce((sum, w) => sum + w.userCount, 0);
}

/** Applies one action. Never mutates `state`. */
export function reduceMaster(state: MasterState, action: MasterAction): MasterState {
	const next = apply(state, action);
	return next === state ? state : settle(next, action.now);
}

function apply(state: MasterState, action: MasterAction): MasterState {
	switch (action.type) {
		case 'worker-joined': {
			const previous = state.workers[action.id];
			// A rejoining worker goes to the end of the join order: it takes its share like a newcomer.
			const { [action.id]: _old, ...others } = state.workers;
			const worker: WorkerView = {
				id: action.id,
				hostname: action.hostname,
				pid: action.pid,
				state: 'ready',
				users: previous?.users ?? {},
				userCount: previous?.userCount ?? 0,
				assigned: {},
				cpuPercent: previous?.cpuPercent ?? 0,
				rssBytes: previous?.rssBytes ?? 0,
				lastHeartbeatAt: action.now,
				joinedAt: action.now,
				planHash: action.planHash,
			};
			const verb = previous === undefined ? 'joined' : 'rejoined';
			return log({ ...state, workers: { ...others, [action.id]: worker } }, action.now, 'info', `${verb} (${action.hostname}, pid ${action.pid})`, action.id);
		}
		case 'worker-refused':
			return log(state, action.now, 'error', `refused: ${action.reason}`, action.id);
		case 'heartbeats': {
			const workers = { ...state.workers };
			let changed = false;
			let next = state;
			for (const beat of action.beats) {
				const worker = workers[beat.id];
				if (worker === undefined || worker.state === 'left') continue;
				// A worker marked missing that beats again (a stall, a short partition) is back.
				if (worker.state === 'missing') next = log(next, action.now, 'info', 'is back', beat.id);
				workers[beat.id] = {
					...worker,
					state: beat.state,
					users: beat.users,
					userCount: Object.values(beat.users).reduce((a, b) => a + b, 0),
					...(beat.stoppedByPlan !== undefined && { stoppedByPlan: beat.stoppedByPlan }),
					cpuPercent: beat.cpuPercent,
					rssBytes: beat.rssBytes,
					lastHeartbeatAt: action.now,
				};
				changed = true;
			}
			return changed ? { ...next, workers } : state;
		}
		case 'worker-status': {
			const worker = state.workers[action.id];
			if (worker === undefined || worker.state === 'left') return state;
			if (action.state === 'offline') {
				const quit = action.reason === 'quit';
				const updated: WorkerView = { ...worker, state: quit ? 'left' : 'missing', users: {}, userCount: 0 };
				const text = quit ? 'quit' : `is missing (${action.reason ?? 'connection lost'})`;
				return log({ ...state, workers: { ...state.workers, [action.id]: updated } }, action.now, quit ? 'info' : 'warn', text, action.id);
			}
			if (worker.state === 'missing') return state;
			const updated: WorkerView = { ...worker, state: action.state };
			// A stopped worker runs nobody, whatever its last heartbeat said.
			if (action.state === 'stopped') Object.assign(updated, { users: {}, userCount: 0 });
			if (action.lastSeq !== undefined) updated.stopSeq = action.lastSeq;
			return { ...state, workers: { ...state.workers, [action.id]: updated } };
		}
		case 'tick': {
			let next = state;
			for (const worker of Object.values(state.workers)) {
				if (!ACTIVE.has(worker.state) && worker.state !== 'waiting-for-master') continue;
				const silentMs = action.now - worker.lastHeartbeatAt;
				if (silentMs < action.missingAfterMs) continue;
				next = { ...next, workers: { ...next.workers, [worker.id]: { ...worker, state: 'missing', users: {}, userCount: 0 } } };
				next = log(next, action.now, 'warn', `is missing (no heartbeat for ${(silentMs / 1000).toFixed(1)} s)`, worker.id);
			}
			return confirmStop(next, action.now, action.countedSeqs);
		}
		case 'dispatched': {
			const workers = { ...state.workers };
			for (const [id, assigned] of Object.entries(action.assignments)) {
				const worker = workers[id];
				if (worker !== undefined) workers[id] = { ...worker, assigned };
			}
			return { ...state, workers };
		}
		case 'set-target': {
			const next = { ...state };
			if (action.users !== undefined) next.targetUsers = Math.max(0, Math.floor(action.users));
			if (action.spawnRate !== undefined && action.spawnRate > 0) next.spawnRate = action.spawnRate;
			if (action.userClasses !== undefined) next.userClasses = action.userClasses === null ? null : [...action.userClasses];
			if (next.runState === 'running' && next.targetUsers !== state.targetUsers) next.runState = 'spawning';
			return next;
		}
		case 'start':
			if (state.runState === 'spawning' || state.runState === 'running' || state.runState === 'stopping') return state;
		{
			// A start after a stop is a new test (Locust's): its clock starts afresh, and users
			// that stopped themselves in the last one count no more.
			const workers: Record<string, WorkerView> = {};
			for (const [id, worker] of Object.entries(state.workers)) {
				const { stoppedByPlan: _old, ...rest } = worker;
				workers[id] = rest;
			}
			const startedAt = state.runState === 'stopped' ? action.now : (state.startedAt ?? action.now);
			return log({ ...state, workers, runState: 'spawning', startedAt, stoppedAt: null }, action.now, 'info', `test started: ${state.targetUsers} user${state.targetUsers === 1 ? '' : 's'} at ${Number(state.spawnRate.toFixed(2))}/s`);
		}
		case 'stop': {
			if (state.runState !== 'spawning' && state.runState !== 'running') return state;
			// Confirmations of an earlier stop do not count for this one.
			const workers: Record<string, WorkerView> = {};
			for (const [id, worker] of Object.entries(state.workers)) {
				const { stopSeq: _old, ...rest } = worker;
				workers[id] = rest;
			}
			const stopping = log({ ...state, runState: 'stopping', stopDeadline: action.deadline, workers }, action.now, 'info', 'stopping users');
			return confirmStop(stopping, action.now, action.countedSeqs);
		}
		case 'reset-stats':
			return log({ ...state, statsEpoch: state.statsEpoch + 1 }, action.now, 'info', 'stats reset');
		case 'malformed': {
			const next: MasterState = { ...state, malformed: state.malformed + 1 };
			const from = action.from === undefined ? '' : ` from ${action.from}`;
			return log(next, action.now, 'warn', `dropped a ${action.reason} message on ${action.topic}${from}: ${action.detail}`);
		}
		case 'refused': {
			const next = { ...state, refused: state.refused + 1 };
			return log(next, action.now, 'warn', `broker refused ${action.kind} by ${action.clientId}: ${action.detail}`);
		}
		case 'log':
			return log(state, action.now, action.level, action.text, action.source);
	}
}

/**
 * Completes a stop once every active worker said `stopped` and its last delta (`stopSeq`) is
 * counted, so the final stats are whole; or at the deadline, saying who did not confirm.
 */
function confirmStop(state: MasterState, now: number, counted: CountedSeqs): MasterState {
	if (state.runState !== 'stopping') return state;
	const pending = activeWorkers(state).filter((w) => !(w.state === 'stopped' && w.stopSeq !== undefined && (counted[w.id] ?? 0) >= w.stopSeq));
	if (pending.length > 0 && now < (state.stopDeadline ?? 0)) return state;
	let next = state;
	if (pending.length > 0) {
		next = log(next, now, 'warn', `stopped without confirmation from ${pending.map((w) => w.id).join(', ')}: their last stats may be missing`);
	}
	return log({ ...next, runState: 'stopped', stoppedAt: now, stopDeadline: null }, now, 'info', 'test stopped');
}

/** Derived transitions: waiting <-> ready by fleet size, spawning -> running once the fleet holds the target. */
function settle(state: MasterState, _now: number): MasterState {
	const active = activeWorkers(state);
	if (state.runState === 'waiting' || state.runState === 'ready') {
		const enough = active.length > 0 && active.length >= state.expectWorkers;
		const runState: RunState = enough ? 'ready' : 'waiting';
		return runState === state.runState ? state : { ...state, runState };
	}
	if (state.runState === 'spawning' && active.length > 0) {
		const reached = active.every((w) => sameUsers(w.users, w.assigned)) && runningUsers(state) === state.targetUsers;
		if (reached) return { ...state, runState: 'running' };
	}
	return state;
}

function sameUsers(a: UsersByClass, b: UsersByClass): boolean {
	for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) if ((a[name] ?? 0) !== (b[name] ?? 0)) return false;
	return true;
}

function log(state: MasterState, at: number, level: LogEntry['level'], text: string, source: string = MASTER_SOURCE): MasterState {
	const entries = state.log.length >= LOG_LIMIT ? state.log.slice(state.log.length - LOG_LIMIT + 1) : state.log.slice();
	entries.push({ at, level, source, text });
	return { ...state, log: entries };
}

/** Users per class that stopped themselves this test, summed over the active workers: not dealt again. */
export function retiredUsers(state: MasterState): UsersByClass {
	const out: UsersByClass = {};
	for (const worker of activeWorkers(state)) {
		for (const [name, count] of Object.entries(worker.stoppedByPlan ?? {})) out[name] = (out[name] ?? 0) + count;
	}
	return out;
}
