/**
 * Per-second history for charts: one point per settled second (a second settles `lagSeconds`
 * after it ends, when late deltas have had time to arrive), read from the total series'
 * sliding window. Bounded: the oldest points go past `capacity` (default 3 hours).
 *
 * A point's p50/p95 are over the responses that arrived in that second, not the 10 s window,
 * so a spike shows in the second it happened. Counts of a delta that arrives after its second
 * settled reach the totals, not the chart.
 */
import {sparsePercentilesMs} from './sparse.ts';
import type {SlidingWindow, WindowSum} from './sliding-window.ts';
import type {HistoryPoint} from './snapshot.ts';

/** 3 hours of seconds. */
export const DEFAULT_HISTORY_CAPACITY = 3 * 3600;

const P50_P95_P99 = [50, 95, 99];

/**
 * Workers whose own requests/s are kept per second (for the report's per-worker chart): the
 * first this many to send stats. A chart with more lines than this reads as noise, and 1,000
 * workers times 3 hours of seconds would cost the master real memory.
 */
export const WORKER_HISTORY_LIMIT = 64;

/** The chart's per-second points. */
export class ChartHistory {
	private readonly list: HistoryPoint[] = [];
	/** Last settled second, epoch s; undefined before the first. */
	private settled: number | undefined;
	/** Users recorded per second (pruned as seconds settle). */
	private readonly usersAt = new Map<number, number>();
	private lastUsers = 0;
	/** Target users recorded per second (pruned as seconds settle). */
	private readonly targetAt = new Map<number, number>();
	private lastTarget: number | null = null;
	/** Per worker (at most WORKER_HISTORY_LIMIT): requests in each settled second, aligned with `list`. */
	private readonly workerRows = new Map<string, number[]>();

	constructor(readonly capacity: number = DEFAULT_HISTORY_CAPACITY) {}

	/** Users (and, when known, the target) at second `sec` (epoch s); the latest call in a second wins. */
	recordUsers(users: number, sec: number, targetUsers?: number): void {
		this.usersAt.set(sec, users);
		if (targetUsers !== undefined) this.targetAt.set(sec, targetUsers);
	}

	/**
	 * Settle every second up to `nowSec - lagSeconds`, from `startSec` on.
	 * @param window the total series' window (counts and per-second histograms).
	 * @param startSec first second of the run (epoch s).
	 * @param workers each worker's own window, for its per-second requests (called once a settled second).
	 */
	settle(window: SlidingWindow, nowSec: number, startSec: number, workers: () => Iterable<[string, SlidingWindow<WindowSum>]> = () => []): void {
		const upTo = nowSec - window.shape.lagSeconds;
		// Once started, the chart runs on through resets: no second is skipped or repeated.
		let s = this.settled === undefined ? startSec : this.settled + 1;
		// After a long silence, skip straight to the last `capacity` seconds.
		if (upTo - s >= this.capacity) s = upTo - this.capacity + 1;
		for (; s <= upTo; s++) {
			this.lastUsers = consume(this.usersAt, s) ?? this.lastUsers;
			this.lastTarget = consume(this.targetAt, s) ?? this.lastTarget;
			const {requests, failures} = window.countsAt(s);
			const [p50Ms, p95Ms, p99Ms] = sparsePercentilesMs(window.histogramAt(s), P50_P95_P99);
			this.list.push({time: s * 1000, users: this.lastUsers, targetUsers: this.lastTarget, rps: requests, fps: failures, p50Ms: p50Ms!, p95Ms: p95Ms!, p99Ms: p99Ms!});
			this.settleWorkers(workers(), s);
		}
		if (this.settled === undefined || upTo > this.settled) this.settled = Math.max(upTo, startSec - 1);
		// Trim in chunks, so the copy happens once per ~6 minutes rather than every second.
		if (this.list.length > this.capacity + this.capacity / 32) {
			const drop = this.list.length - this.capacity;
			this.list.splice(0, drop);
			for (const row of this.workerRows.values()) row.splice(0, drop);
		}
	}

	/** Appends second `sec`'s requests of every tracked worker (0 for one that sent none). */
	private settleWorkers(workers: Iterable<[string, SlidingWindow<WindowSum>]>, sec: number): void {
		const length = this.list.length;
		for (const [id, window] of workers) {
			let row = this.workerRows.get(id);
			if (row === undefined) {
				if (this.workerRows.size >= WORKER_HISTORY_LIMIT) continue;
				row = new Array<number>(length - 1).fill(0);
				this.workerRows.set(id, row);
			}
			if (row.length < length) row.push(window.countsAt(sec).requests);
		}
		// Workers that sent nothing (or were reset away) this second.
		for (const row of this.workerRows.values()) while (row.length < length) row.push(0);
	}

	/** Forget the settled points (a new test); seconds go on from where they were. */
	clear(): void {
		this.list.length = 0;
	}

	/** Settled points, oldest first. Do not mutate. */
	points(): readonly HistoryPoint[] {
		return this.list;
	}

	/** Per tracked worker, its requests in each second of `points()` (same length, same order). Do not mutate. */
	workerPoints(): ReadonlyMap<string, readonly number[]> {
		return this.workerRows;
	}
}

/** The latest value recorded at or before `sec` (undefined if none), forgetting those entries. */
function consume(at: Map<number, number>, sec: number): number | undefined {
	let latest = -Infinity;
	let value: number | undefined;
	for (const [when, v] of at) {
		if (when > sec) continue;
		if (when >= latest) {
			latest = when;
			value = v;
		}
		at.delete(when);
	}
	return value;
}
