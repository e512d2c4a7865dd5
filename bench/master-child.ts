/**
 * The measured side of bench/master-scale.ts, alone in its own process so its CPU and RSS are
 * its own. `master`: a real Drove master (`startMaster`, embedded broker on 127.0.0.1, port 0)
 * that also does a headless run's periodic work (the 2 s status line's aggregated stats).
 * `aedes`: the peer, a bare Aedes broker of the same version with one in-process subscriber on
 * every worker topic that counts what it receives and does nothing else.
 *
 * `master scrape`: the master also serves `--metrics-port` (/metrics on 127.0.0.1, port 0),
 * which the parent scrapes every second; `ready` then carries `metricsPort` too.
 *
 * `--tree DIR` (master only): the master of another checkout of Drove (say main before a change,
 * made with `git worktree add`), loaded from DIR/source, so two versions run side by side under
 * the same bench. Before the reshape (da5da7d) `startMaster` returned a controller holding the
 * runtime as `core` and counted malformed messages as `{total}`; both shapes are read.
 *
 * Talks to its parent over IPC: sends `{type: 'ready', port}`, then answers
 * `{type: 'start', users}` (master: start the run), `{type: 'sample'}` (CPU and RSS now) and
 * `{type: 'quit'}`.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { Aedes } from 'aedes';
import { MqttClient } from 'mqtt';
import { pathToFileURL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { memoryDuplexPair } from '../source/broker/memory-duplex.ts';
import type { MasterRuntime } from '../source/master/master-runtime.ts';
import type * as RuntimeModule from '../source/master/master-runtime.ts';
import type * as StateModule from '../source/master/master-state.ts';
import type * as IndexModule from '../source/index.ts';
import type * as UserModule from '../source/plan/user.ts';
import type * as MetricsServerModule from '../source/metrics/metrics-server.ts';
import type * as PrometheusModule from '../source/metrics/prometheus.ts';
import type * as RunMetricsModule from '../source/run/run-metrics.ts';
import type { MasterState } from '../source/master/master-state.ts';
import { Topics } from '../source/protocol/topics.ts';

/** What the parent gets for `sample`. */
export interface Sample {
	type: 'sample';
	/** process.cpuUsage(), µs. */
	userUs: number;
	systemUs: number;
	rssBytes: number;
	heapUsedBytes: number;
	/** Master: active workers; peer: distinct workers heard from. */
	workers: number;
	/** Messages the master or the peer's subscriber received (worker topics only). */
	messages: number;
	/** Master: users running across the fleet; peer: 0. */
	users: number;
	/** Master: requests counted by the aggregator so far; peer: 0. */
	requests: number;
	/** Master: workers by the state it sees them in; peer: empty. */
	states: Record<string, number>;
	/** Master: malformed messages dropped so far. */
	malformed: number;
	/** The broker's messages in flight, queued now, and the longest queue seen. */
	mq: { current: number; queued: number; maxQueued: number };
}

/** Parent to child. */
export type ChildCommand = { type: 'start'; users: number } | { type: 'sample' } | { type: 'quit' };

const mode = process.argv[2];
const treeAt = process.argv.indexOf('--tree');
const tree = treeAt > 0 ? process.argv[treeAt + 1]! : new URL('..', import.meta.url).pathname;
/** A module of the tree under test. */
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(`${tree}/source/${file}`).href)) as T;

/** Aedes's message emitter (mqemitter), found on its first emit: its queue shows a broker behind. */
interface Emitter {
	current: number;
	_messageQueue: unknown[];
}
let emitter: Emitter | undefined;
let maxQueue = 0;
{
	const MQEmitter = createRequire(import.meta.url)('mqemitter') as { prototype: { emit: (this: Emitter, ...args: unknown[]) => unknown } };
	const emit = MQEmitter.prototype.emit;
	MQEmitter.prototype.emit = function (this: Emitter, ...args: unknown[]) {
		// eslint-disable-next-line @typescript-eslint/no-this-alias -- keep the instance to read its queue later
		emitter ??= this;
		if (this._messageQueue.length > maxQueue) maxQueue = this._messageQueue.length;
		return emit.apply(this, args);
	};
}
const send = (message: object): void => void process.send?.(message);
const topics = new Topics('default');
let messages = 0;

function sample(extra: Pick<Sample, 'workers' | 'users' | 'requests'> & Partial<Pick<Sample, 'states' | 'malformed'>>): Sample {
	const cpu = process.cpuUsage();
	const memory = process.memoryUsage();
	return { type: 'sample', userUs: cpu.user, systemUs: cpu.system, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, messages, states: {}, malformed: 0, mq: { current: emitter?.current ?? 0, queued: emitter?._messageQueue.length ?? 0, maxQueued: maxQueue }, ...extra };
}

// Experiment (`BENCH_AEDES_CONCURRENCY=1000`): Aedes's `concurrency` (messages in flight before
// its emitter queues, default 100) for the master's embedded broker, without touching its source.
const concurrency = Number(process.env.BENCH_AEDES_CONCURRENCY ?? 0);
if (concurrency > 0) {
	const create = Aedes.createBroker.bind(Aedes);
	Aedes.createBroker = (options) => create({ ...options, concurrency });
}

if (mode === 'master') {
	const { startMaster } = await load<typeof RuntimeModule>('master/master-runtime.ts');
	const { activeWorkers, runningUsers } = await load<typeof StateModule>('master/master-state.ts');
	const { user } = await load<typeof IndexModule>('index.ts');
	const { toUserClass } = await load<typeof UserModule>('plan/user.ts');
	// Two classes like a real plan, so dispatch splits weights; the workers never load the bundle
	// (their hello carries the same hash), so it only has to be a string of plausible size.
	const idle = async (): Promise<void> => {};
	const userClasses = [toUserClass('shopper', user({ weight: 4, tasks: { idle } })), toUserClass('admin', user({ weight: 1, tasks: { idle } }))];
	const master = await startMaster({
		plan: { path: 'bench-plan.ts', bundle: `export const plan = ${JSON.stringify('x'.repeat(4000))};`, hash: 'bench0000plan', userClasses },
		bind: { host: '127.0.0.1', port: 0 },
		users: 0,
		spawnRate: 1_000_000,
		// Missing after 10 s rather than 3 s: a benchmark about steady cost should not churn
		// dispatches because the simulators' core hiccups.
		missingAfterMs: 10_000,
	});
	// The runtime: the master itself now, its `core` before the reshape.
	const runtime = ((master as unknown as { core?: MasterRuntime }).core ?? master) as unknown as { transport: { client: MqttClient }; onPacket?: (topic: string, payload: Buffer) => void };
	// Count what arrives on worker topics, as the peer's subscriber does (reaching past the
	// runtime's private inbound handler for this one counter, which every tree since the reshape
	// calls through `this`: the embedded broker hands messages to it directly now, not through the
	// client; before the reshape, the client's messages).
	const root = `${topics.root}/worker/`;
	const onPacket = runtime.onPacket;
	if (onPacket !== undefined) {
		runtime.onPacket = function (topic, payload) {
			if (topic.startsWith(root)) messages++;
			onPacket.call(this, topic, payload);
		};
	} else {
		runtime.transport.client.on('message', (topic: string) => {
			if (topic.startsWith(root)) messages++;
		});
	}
	// A headless run's status line: aggregated stats every 2 s.
	const status = setInterval(() => master.aggregator.aggregatedStats(), 2_000);
	process.on('message', (command: ChildCommand) => {
		if (command.type === 'start') {
			master.setUsers(command.users);
			master.start();
		} else if (command.type === 'sample') {
			const state = master.getState();
			const states: Record<string, number> = {};
			for (const worker of Object.values(state.workers)) states[worker.state] = (states[worker.state] ?? 0) + 1;
			const malformed = state.malformed as MasterState['malformed'] | { total: number };
			send(sample({ workers: activeWorkers(state).length, users: runningUsers(state), requests: master.aggregator.aggregatedStats().requests, states, malformed: typeof malformed === 'number' ? malformed : malformed.total }));
		} else {
			clearInterval(status);
			// `BENCH_HEAP_SNAPSHOT=FILE`: what the master holds at the end of the window (a full GC first).
			if (process.env.BENCH_HEAP_SNAPSHOT) writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
			void master.quit().finally(() => process.exit(0));
		}
	});
	// The metrics endpoint as --metrics-port runs it (the /stats route is not scraped).
	let metricsPort: number | undefined;
	if (process.argv[3] === 'scrape') {
		const { startMetricsServer } = await load<typeof MetricsServerModule>('metrics/metrics-server.ts');
		const { PrometheusMetrics } = await load<typeof PrometheusModule>('metrics/prometheus.ts');
		const { scrapeMaster } = await load<typeof RunMetricsModule>('run/run-metrics.ts');
		const prometheus = new PrometheusMetrics();
		metricsPort = (await startMetricsServer({ host: '127.0.0.1', port: 0, token: undefined, metrics: () => scrapeMaster(prometheus, master), stats: () => ({}) })).port;
	}
	send({ type: 'ready', port: master.port, metricsPort });
} else if (mode === 'aedes') {
	const broker = await Aedes.createBroker();
	const server = createServer(broker.handle);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	// The subscriber connects in-process, as the master's own client does.
	const subscriber = new MqttClient(() => {
		const [ours, theirs] = memoryDuplexPair();
		broker.handle(theirs);
		return ours;
	}, { clientId: 'bench-subscriber', protocolVersion: 4, clean: true, keepalive: 0, reconnectPeriod: 1000 });
	const heard = new Set<string>();
	subscriber.on('message', (topic: string) => {
		messages++;
		const id = topics.parse(topic)?.workerId;
		if (id !== undefined) heard.add(id);
	});
	await new Promise<void>((resolve) => subscriber.once('connect', () => resolve()));
	await subscriber.subscribeAsync(`${topics.root}/worker/#`, { qos: 1 });
	process.on('message', (command: ChildCommand) => {
		if (command.type === 'sample') send(sample({ workers: heard.size, users: 0, requests: 0 }));
		else if (command.type === 'quit') {
			subscriber.end(true);
			broker.close(() => server.close(() => process.exit(0)));
		}
	});
	send({ type: 'ready', port });
} else {
	console.error('usage: master-child.ts master|aedes');
	process.exit(2);
}
