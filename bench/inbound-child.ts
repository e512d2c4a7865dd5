/**
 * The measured side of bench/inbound-cost.ts: a real master (`startMaster` of the tree given by
 * `--tree`, its embedded broker on 127.0.0.1 port 0) fed a fleet's messages straight into its
 * inbound handler, with no sockets and no broker in between: every second, for every simulated
 * worker, a heartbeat and a stats delta (10 endpoints, real compressed histograms from
 * bench/sim-deltas.ts) go through the same `onPacket` the MQTT client calls. So the CPU measured
 * is the master's own work per message (decode and validate, dedupe, aggregate, ack, the
 * reducer's ticks, the status line's stats every 2 s), without the cost of moving the bytes,
 * which bench/master-scale.ts measures with real clients.
 *
 * It reaches the runtime's private `onPacket`: on this tree `startMaster` returns the runtime;
 * before the reshape (da5da7d) it returned a controller holding it as `core`. Both trees'
 * handlers take `(topic, payload)`.
 *
 * `--part aggregator`: the aggregator alone (`Aggregator.apply` of parsed deltas, a snapshot a
 * second, no master, no decoding of the message), as fast as it goes on a stepped clock: what
 * the merge itself costs (once a timed test in test/stats/aggregator.test.ts).
 *
 * `--part broker`: as `inbound`, but the messages go in through the embedded broker (published by
 * one more in-process client), so what it costs to bring them from the broker to the handler
 * counts too.
 *
 * `node --import tsx bench/inbound-child.ts --tree DIR --workers 1000 --seconds 10 --warmup 3 [--part inbound|aggregator|broker] [--heap-snapshot FILE]`
 * prints one JSON line: {cpuMs, wallMs, deltas, heartbeats, rssBytes, heapBytes, requests, ...}.
 */
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { MqttClient } from 'mqtt';
import type { IClientOptions } from 'mqtt';
import { deltaPool } from './sim-deltas.ts';

const arg = (name: string, fallback: string): string => {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1]! : fallback;
};
const tree = arg('--tree', new URL('..', import.meta.url).pathname);
const workers = Number(arg('--workers', '1000'));
const seconds = Number(arg('--seconds', '10'));
const warmup = Number(arg('--warmup', '3'));
const part = arg('--part', 'inbound');
const from = (file: string): string => pathToFileURL(`${tree}/source/${file}`).href;
const pool = deltaPool();

if (part === 'aggregator') {
	const { Aggregator } = (await import(from('stats/aggregator.ts'))) as { Aggregator: new (options: { now: () => number }) => { apply(source: string, delta: unknown): void; snapshot(): unknown; aggregatedStats(): { requests: number } } };
	let now = Date.now();
	const aggregator = new Aggregator({ now: () => now });
	const deltas = pool.map((p) => JSON.parse(`{"startedAt":0,"endedAt":1000,${p.body}`) as { startedAt: number; endedAt: number });
	let applied = 0;
	const second = (s: number): void => {
		now += 1000;
		for (let w = 0; w < workers; w++) {
			const delta = deltas[(w + s) % deltas.length]!;
			delta.startedAt = now - 1000;
			delta.endedAt = now;
			aggregator.apply(`sim-${w}`, delta);
			applied++;
		}
		aggregator.snapshot();
	};
	for (let s = 0; s < warmup; s++) second(s);
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const a0 = applied;
	for (let s = 0; s < seconds; s++) second(warmup + s);
	const cpu = process.cpuUsage(cpu0);
	const memory = process.memoryUsage();
	// wallMs is the simulated time, so CPU % reads as the share of a core a real second of this fleet costs.
	console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs: seconds * 1000, busyMs: performance.now() - t0, deltas: applied - a0, heartbeats: 0, rssBytes: memory.rss, heapBytes: memory.heapUsed, externalBytes: memory.external, arrayBuffersBytes: memory.arrayBuffers, requests: aggregator.aggregatedStats().requests }));
	process.exit(0);
}

interface Runtime {
	onPacket(topic: string, payload: Buffer): void;
}
interface Master {
	quit(): Promise<void>;
	aggregator: { aggregatedStats(): { requests: number } };
	core?: Runtime;
}

const { startMaster } = (await import(from('master/master-runtime.ts'))) as { startMaster: (options: object) => Promise<Master> };
const { user } = (await import(from('index.ts'))) as { user: (options: object) => unknown };
const { toUserClass } = (await import(from('plan/user.ts'))) as { toUserClass: (name: string, u: unknown) => unknown };

const idle = async (): Promise<void> => {};
const master = await startMaster({
	plan: { path: 'bench-plan.ts', bundle: `export const plan = ${JSON.stringify('x'.repeat(4000))};`, hash: 'bench0000plan', userClasses: [toUserClass('shopper', user({ weight: 4, tasks: { idle } })), toUserClass('admin', user({ weight: 1, tasks: { idle } }))] },
	bind: { host: '127.0.0.1', port: 0 },
	users: 0,
	spawnRate: 1_000_000,
	missingAfterMs: 10_000,
});
const runtime = (master.core ?? master) as unknown as Runtime & { transport: { broker: { connectInternal(): Duplex } } };
/** `--part broker`: the same messages published into the embedded broker by one more privileged
 * in-process client (as worker messages arrive there), so the cost of getting them from the
 * broker to the master is measured too (the feeder's own writing is in both trees' figures). */
let feeder: MqttClient | undefined;
if (part === 'broker') {
	const broker = runtime.transport.broker;
	feeder = new MqttClient(() => broker.connectInternal(), { clientId: 'drove-master-bench-feeder', protocolVersion: 4, clean: true, keepalive: 0, reconnectPeriod: 0, writeCache: false } as IClientOptions);
	await new Promise<void>((resolve) => feeder!.once('connect', () => resolve()));
}
const deliver = (topic: string, payload: string): void => {
	if (feeder === undefined) return runtime.onPacket(topic, Buffer.from(payload));
	// Workers send heartbeats at QoS 0, everything else at QoS 1.
	feeder.publish(topic, payload, { qos: topic.endsWith('/heartbeat') ? 0 : 1 });
};

const V = '1.1';
const ids = Array.from({ length: workers }, (_, i) => `sim-${i}`);
for (const id of ids) {
	deliver(`drove/default/worker/${id}/hello`, JSON.stringify({ v: V, type: 'hello', workerId: id, hostname: 'bench-host', pid: 1, planHash: 'bench0000plan', userClasses: ['shopper', 'admin'], nextSeq: 1, lastMasterId: null }));
	deliver(`drove/default/worker/${id}/status`, JSON.stringify({ v: V, type: 'worker-status', workerId: id, state: 'ready' }));
}

/** One second of the fleet, spread over the second in slices so timers run between them, as real traffic arrives. */
let seq = 0;
let deltas = 0;
let heartbeats = 0;
async function fleetSecond(): Promise<void> {
	seq++;
	const started = Date.now();
	const slices = 20;
	for (let slice = 0; slice < slices; slice++) {
		for (let w = slice; w < workers; w += slices) {
			const id = ids[w]!;
			const now = Date.now();
			deliver(`drove/default/worker/${id}/heartbeat`, `{"v":"${V}","type":"worker-heartbeat","workerId":"${id}","state":"running","users":{"shopper":8,"admin":2},"cpuPercent":31.5,"rssBytes":123456789,"time":${now}}`);
			deliver(`drove/default/worker/${id}/stats`, `{"v":"${V}","type":"stats","workerId":"${id}","seq":${seq},"statsEpoch":0,"delta":{"startedAt":${now - 1000},"endedAt":${now},${pool[(w + seq) % pool.length]!.body}}`);
			heartbeats++;
			deltas++;
		}
		const due = started + ((slice + 1) * 1000) / slices;
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
	}
}

// A headless run's status line: aggregated stats every 2 s.
const status = setInterval(() => master.aggregator.aggregatedStats(), 2000);
for (let s = 0; s < warmup; s++) await fleetSecond();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const d0 = deltas;
const h0 = heartbeats;
for (let s = 0; s < seconds; s++) await fleetSecond();
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
const memory = process.memoryUsage();
clearInterval(status);
// `--heap-snapshot FILE`: what the master holds after the run (the snapshot forces a full GC first).
if (process.argv.includes('--heap-snapshot')) writeHeapSnapshot(arg('--heap-snapshot', 'master.heapsnapshot'));
console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs, deltas: deltas - d0, heartbeats: heartbeats - h0, rssBytes: memory.rss, heapBytes: memory.heapUsed, externalBytes: memory.external, arrayBuffersBytes: memory.arrayBuffers, requests: master.aggregator.aggregatedStats().requests }));
await Promise.race([master.quit(), new Promise((resolve) => setTimeout(resolve, 3000))]);
process.exit(0);
