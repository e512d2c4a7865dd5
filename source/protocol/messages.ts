/**
 * Every message on the wire, as zod schemas and the TypeScript types inferred from them: one
 * discriminated union on `type`, each carrying the protocol version `v`. The codec
 * (`codec.ts`) validates inbound payloads against these; both sides import the same types.
 * docs/PROTOCOL.md describes each message and field.
 */
// A namespace import lets esbuild drop what is not used (every locale but English, JSON Schema,
// ISO dates...): 150 KB of zod in dist/ instead of 600 KB, loaded by every process.
import * as z from 'zod';
import type { StatsDelta } from '../stats/stats-delta.ts';

const count = z.number().int().nonnegative();
const finite = z.number().finite();
const id = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
/** Users per user class, absolute. */
const userCounts = z.record(z.string().max(256), count);

/** Run states the master reports (see master-state.ts). */
export const runStates = ['waiting', 'ready', 'spawning', 'running', 'stopping', 'stopped'] as const;
/** States a worker reports. `missing` is never sent: the master infers it. */
export const workerStates = ['starting', 'ready', 'spawning', 'running', 'stopping', 'stopped', 'waiting-for-master', 'offline'] as const;
export type WorkerState = (typeof workerStates)[number];

const base = { v: z.string().max(16) };

// ---- stats delta (the hot path: 1,000 workers x 10 endpoints every second) ----
const endpointDelta = z.object({
	method: z.string().max(64),
	name: z.string().max(2048),
	requests: count,
	failures: count,
	totalMs: finite,
	minMs: finite,
	maxMs: finite,
	contentBytes: finite,
	histogram: z.string(),
});
const statsDelta = z.object({
	startedAt: finite,
	endedAt: finite,
	endpoints: z.array(endpointDelta),
	errors: z.array(z.object({ method: z.string(), name: z.string(), error: z.string(), occurrences: count })),
	exceptions: z.array(z.object({ message: z.string(), traceback: z.string(), count })),
});

// ---- master to workers ----
export const masterStatusSchema = z.object({
	...base,
	type: z.literal('master-status'),
	masterId: id,
	state: z.enum(['online', 'offline']),
	/** Hash of the master's plan, null when it has none (a master started without -f). */
	planHash: z.string().max(128).nullable(),
	/** Epoch ms the master started. */
	startedAt: finite,
});
export const masterHeartbeatSchema = z.object({
	...base,
	type: z.literal('master-heartbeat'),
	masterId: id,
	/** Epoch ms on the master's clock. */
	time: finite,
	runState: z.enum(runStates),
});
export const planSchema = z.object({
	...base,
	type: z.literal('plan'),
	masterId: id,
	hash: z.string().max(128),
	/** What to call the plan in messages (its file name). */
	label: z.string().max(1024),
	/** The bundled ES module, all local imports inlined. */
	code: z.string(),
});
export const welcomeSchema = z.object({
	...base,
	type: z.literal('welcome'),
	masterId: id,
	workerId: id,
	planHash: z.string().max(128).nullable(),
	/** The stats epoch deltas must carry from now on (see reset). */
	statsEpoch: count,
	/** Highest stats seq the master has counted for this worker; the worker drops its copies up to it. */
	ackedSeq: count,
});
export const refuseSchema = z.object({
	...base,
	type: z.literal('refuse'),
	masterId: id,
	workerId: id,
	/** One clear line for the worker to print before it exits. */
	reason: z.string().max(4096),
});
export const spawnSchema = z.object({
	...base,
	type: z.literal('spawn'),
	masterId: id,
	/** Absolute users per class this worker ramps to. */
	users: userCounts,
	/** This worker's share of the fleet spawn rate, users per second. */
	spawnRate: finite.positive(),
	/** Target base URL, null to use the plan's own. */
	host: z.string().max(4096).nullable(),
	/** This worker's place in the fleet for data partitioning. */
	partition: z.object({ index: count, count: count }),
	statsEpoch: count,
	/**
	 * This worker's users that stopped themselves (`stopUser()`) this test, as the master knew
	 * them when it dealt `users`: the worker takes off any it has had since, so an order planned
	 * before their heartbeat arrived does not replace them. Absent: none known (older masters).
	 */
	stoppedByPlan: userCounts.optional(),
});
export const stopSchema = z.object({
	...base,
	type: z.literal('stop'),
	masterId: id,
	/** ms the worker gives running tasks to finish before it cancels them. */
	timeoutMs: count,
});
export const quitSchema = z.object({ ...base, type: z.literal('quit'), masterId: id });
export const resetSchema = z.object({
	...base,
	type: z.literal('reset'),
	masterId: id,
	/** Deltas of an older epoch are acknowledged but not counted. */
	statsEpoch: count,
});
export const ackSchema = z.object({
	...base,
	type: z.literal('ack'),
	masterId: id,
	/** Cumulative: every delta with seq <= this is counted. */
	seq: count,
});
export const customSchema = z.object({
	...base,
	type: z.literal('custom'),
	/** `master` or the sending worker's id. */
	from: id,
	name: z.string().min(1).max(256),
	data: z.unknown(),
});

// ---- workers to the master ----
export const helloSchema = z.object({
	...base,
	type: z.literal('hello'),
	workerId: id,
	hostname: z.string().max(256),
	pid: count,
	/** Hash of the plan the worker will run (its own, or the master's it loaded), null when it has none. */
	planHash: z.string().max(128).nullable(),
	/**
	 * Since 1.1: hash of the worker's own plan (`-f`), null when started without one. Lets the
	 * master say when a worker brought a different plan, even one that then runs the master's.
	 * Absent from 1.0 workers.
	 */
	ownPlanHash: z.string().max(128).nullable().optional(),
	/** The user classes of the worker's plan, so the master can check they match. */
	userClasses: z.array(z.string().max(256)).max(1000),
	/** The seq of the oldest delta the worker still holds unacknowledged, or the next it will use. */
	nextSeq: count,
	/** The master the worker last talked to, null at first: a new master means a new run. */
	lastMasterId: id.nullable(),
});
export const workerStatusSchema = z.object({
	...base,
	type: z.literal('worker-status'),
	workerId: id,
	state: z.enum(workerStates),
	/** On `stopped`: the seq of the last delta of the run (0 if none), so the master knows when it has all. */
	lastSeq: count.optional(),
	/** Why, for `offline` (quit, Last Will) and refusals. */
	reason: z.string().max(4096).optional(),
});
export const workerHeartbeatSchema = z.object({
	...base,
	type: z.literal('worker-heartbeat'),
	workerId: id,
	state: z.enum(workerStates),
	users: userCounts,
	/** Users per class that stopped themselves (`stopUser()`) this test; the master deals that many fewer. Protocol 1.2. */
	stoppedByPlan: userCounts.optional(),
	/** Process CPU over the last interval, percent of one core. */
	cpuPercent: finite.nonnegative(),
	/** Resident set size, bytes. */
	rssBytes: count,
	/** Epoch ms on the worker's clock. */
	time: finite,
});
export const statsSchema = z.object({
	...base,
	type: z.literal('stats'),
	workerId: id,
	/** Per worker, from 1, no gaps: the dedupe key together with workerId. */
	seq: z.number().int().positive(),
	statsEpoch: count,
	delta: statsDelta,
});

export type MasterStatusMessage = z.infer<typeof masterStatusSchema>;
export type MasterHeartbeatMessage = z.infer<typeof masterHeartbeatSchema>;
export type PlanMessage = z.infer<typeof planSchema>;
export type WelcomeMessage = z.infer<typeof welcomeSchema>;
export type RefuseMessage = z.infer<typeof refuseSchema>;
export type SpawnMessage = z.infer<typeof spawnSchema>;
export type StopMessage = z.infer<typeof stopSchema>;
export type QuitMessage = z.infer<typeof quitSchema>;
export type ResetMessage = z.infer<typeof resetSchema>;
export type AckMessage = z.infer<typeof ackSchema>;
export type CustomMessage = z.infer<typeof customSchema>;
export type HelloMessage = z.infer<typeof helloSchema>;
export type WorkerStatusMessage = z.infer<typeof workerStatusSchema>;
export type WorkerHeartbeatMessage = z.infer<typeof workerHeartbeatSchema>;
export type StatsMessage = Omit<z.infer<typeof statsSchema>, 'delta'> & { delta: StatsDelta };

/** Commands: what the master sends on `cmd/all` and `cmd/<workerId>`. */
export type CommandMessage =
	| WelcomeMessage
	| RefuseMessage
	| SpawnMessage
	| StopMessage
	| QuitMessage
	| ResetMessage
	| AckMessage
	| CustomMessage;

/** Every Drove message. */
export type Message =
	| MasterStatusMessage
	| MasterHeartbeatMessage
	| PlanMessage
	| CommandMessage
	| HelloMessage
	| WorkerStatusMessage
	| WorkerHeartbeatMessage
	| StatsMessage;

/** The `type` tags. */
export type MessageType = Message['type'];

/** A message as built by the sender: the encoder adds `v`. */
export type Outgoing<M extends Message = Message> = M extends Message ? Omit<M, 'v'> : never;

/** The schemas by type, for the decoder. */
export const schemas = {
	'master-status': masterStatusSchema,
	'master-heartbeat': masterHeartbeatSchema,
	plan: planSchema,
	welcome: welcomeSchema,
	refuse: refuseSchema,
	spawn: spawnSchema,
	stop: stopSchema,
	quit: quitSchema,
	reset: resetSchema,
	ack: ackSchema,
	custom: customSchema,
	hello: helloSchema,
	'worker-status': workerStatusSchema,
	'worker-heartbeat': workerHeartbeatSchema,
	stats: statsSchema,
} as const satisfies Record<MessageType, z.ZodType>;

// Compile-time check that the schema of a delta accepts exactly the shared StatsDelta contract.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _deltaMatches: Same<z.infer<typeof statsDelta>, StatsDelta> = true;
void _deltaMatches;
