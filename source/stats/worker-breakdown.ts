/**
 * What one worker did, per endpoint, and every worker's requests per second over time: for the
 * dashboard's per-worker drill-down and its per-worker chart. Kept light on purpose, since it
 * grows with workers × endpoints: counters, a whole-run range histogram (range-histogram.ts)
 * and a small ring of per-second counts per (worker, endpoint), not a series with its window.
 * Pure: the caller passes the clock.
 */
import type { Counters } from './series.ts';
import type { SparseHistogram } from './histogram.ts';
import { RangeHistogram } from './range-histogram.ts';
import type { WindowShape } from './sliding-window.ts';
import type { WorkerEndpointStats, WorkerRatePoint } from './snapshot.ts';

/** Per-second request counts of recent seconds, spread like the sliding window's. */
class RecentCounts {
	private readonly size: number;
	/** Second tags in [0, size), their counts in [size, 2 size): one backing store, not two (11,000 of these at 1,000 workers). */
	private readonly slots: Float64Array;

	constructor(private readonly shape: WindowShape) {
		this.size = shape.windowSeconds + shape.lagSeconds + 2;
		this.slots = new Float64Array(2 * this.size).fill(-1, 0, this.size);
	}

	add(requests: number, fromMs: number, toMs: number): void {
		const last = Math.floor(toMs / 1000);
		const duration = toMs - fromMs;
		if (!(duration > 0)) return this.addTo(last, requests);
		for (let s = Math.max(Math.floor(fromMs / 1000), last - this.size + 1); s <= last; s++) {
			const overlap = Math.min(toMs, (s + 1) * 1000) - Math.max(fromMs, s * 1000);
			if (overlap > 0) this.addTo(s, (requests * overlap) / duration);
		}
	}

	private addTo(sec: number, requests: number): void {
		const i = sec % this.size;
		if (this.slots[i] !== sec) {
			this.slots[i] = sec;
			this.slots[this.size + i] = 0;
		}
		this.slots[this.size + i]! += requests;
	}

	/** Requests in second `sec` (epoch s), 0 when it is not held. */
	at(sec: number): number {
		const i = sec % this.size;
		return this.slots[i] === sec ? this.slots[this.size + i]! : 0;
	}

	/** Requests per second over the window the fleet rows use (see SlidingWindow.rates). */
	rate(nowMs: number, startMs: number): number {
		const newest = Math.floor(nowMs / 1000) - this.shape.lagSeconds;
		const oldest = newest - this.shape.windowSeconds + 1;
		const seconds = ((newest + 1) * 1000 - Math.max(startMs, oldest * 1000)) / 1000;
		if (!(seconds > 0)) return 0;
		let requests = 0;
		for (let s = oldest; s <= newest; s++) requests += this.at(s);
		return requests / seconds;
	}
}

interface EndpointEntry {
	method: string;
	name: string;
	requests: number;
	failures: number;
	/** The whole run's, added into as deltas come: no part is held. */
	histogram: RangeHistogram;
	recent: RecentCounts;
}

interface WorkerEntry {
	startedAt: number;
	endpoints: Map<string, EndpointEntry>;
	/** All the worker's requests, per second, for the chart. */
	recent: RecentCounts;
}

const P50_P95_P99 = [50, 95, 99];

/** Per-worker endpoint rows and per-worker rate history. */
export class WorkerBreakdown {
	private readonly workers = new Map<string, WorkerEntry>();
	private readonly points: WorkerRatePoint[] = [];
	private settled: number | undefined;

	/**
	 * @param maxEndpoints distinct endpoints a worker keeps; past it, new names fold into `overflowName`.
	 * @param historySeconds seconds of per-worker rates kept (a chart is at most a screen wide).
	 */
	constructor(
		private readonly shape: WindowShape,
		private readonly maxEndpoints: number,
		private readonly overflowName: string,
		private readonly historySeconds = 600,
	) {}

	/** One endpoint of one worker's delta, placed on [fromMs, nowMs] of the master's clock. */
	add(worker: string, method: string, name: string, counters: Pick<Counters, 'requests' | 'failures'>, sparse: SparseHistogram, fromMs: number, nowMs: number): void {
		let entry = this.workers.get(worker);
		if (entry === undefined) {
			entry = { startedAt: fromMs, endpoints: new Map(), recent: new RecentCounts(this.shape) };
			this.workers.set(worker, entry);
		}
		let key = `${method}\0${name}`;
		let endpoint = entry.endpoints.get(key);
		if (endpoint === undefined && entry.endpoints.size >= this.maxEndpoints) {
			key = `${method}\0${this.overflowName}`;
			endpoint = entry.endpoints.get(key);
		}
		if (endpoint === undefined) {
			endpoint = { method, name: key.slice(method.length + 1), requests: 0, failures: 0, histogram: new RangeHistogram(), recent: new RecentCounts(this.shape) };
			entry.endpoints.set(key, endpoint);
		}
		endpoint.requests += counters.requests;
		endpoint.failures += counters.failures;
		// Added now rather than held for a later merge: ten thousand entries at 1,000 workers each
		// holding a few parts was 20 MB, and parts that live seconds are promoted to the old
		// generation to die there.
		endpoint.histogram.addSparse(sparse);
		endpoint.recent.add(counters.requests, fromMs, nowMs);
		entry.recent.add(counters.requests, fromMs, nowMs);
	}

	/** One worker's endpoints, most requests first; empty for a worker that sent nothing. */
	endpoints(worker: string, nowMs: number): WorkerEndpointStats[] {
		const entry = this.workers.get(worker);
		if (entry === undefined) return [];
		return [...entry.endpoints.values()]
			.map((e) => {
				const [p50Ms, p95Ms, p99Ms] = e.histogram.percentilesMs(P50_P95_P99);
				return { method: e.method, name: e.name, requests: e.requests, failures: e.failures, p50Ms: p50Ms!, p95Ms: p95Ms!, p99Ms: p99Ms!, currentRps: e.recent.rate(nowMs, entry.startedAt) };
			})
			.sort((a, b) => b.requests - a.requests || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	}

	/**
	 * Settle every second up to `nowMs`'s second minus the lag: one point each, with every
	 * known worker's requests in that second (as the fleet chart settles its seconds).
	 */
	settle(nowMs: number, startMs: number): void {
		const upTo = Math.floor(nowMs / 1000) - this.shape.lagSeconds;
		let s = this.settled === undefined ? Math.floor(startMs / 1000) : this.settled + 1;
		s = Math.max(s, upTo - this.historySeconds + 1);
		for (; s <= upTo; s++) {
			const rps: Record<string, number> = {};
			for (const [id, entry] of this.workers) rps[id] = entry.recent.at(s);
			this.points.push({ time: s * 1000, rps });
		}
		if (this.settled === undefined || upTo > this.settled) this.settled = upTo;
		if (this.points.length > this.historySeconds + 64) this.points.splice(0, this.points.length - this.historySeconds);
	}

	/** Settled per-worker points, oldest first. Do not mutate. */
	history(): readonly WorkerRatePoint[] {
		return this.points;
	}

	/** Forget the per-endpoint rows (a stats reset); the rate history goes on, as the fleet chart's does. */
	reset(): void {
		for (const entry of this.workers.values()) entry.endpoints.clear();
	}
}
