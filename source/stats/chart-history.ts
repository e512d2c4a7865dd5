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
import type {SlidingWindow} from './sliding-window.ts';
import type {HistoryPoint} from './snapshot.ts';

/** 3 hours of seconds. */
export const DEFAULT_HISTORY_CAPACITY = 3 * 3600;

const P50_P95 = [50, 95];

/** The chart's per-second points. */
export class ChartHistory {
	private readonly list: HistoryPoint[] = [];
	/** Last settled second, epoch s; undefined before the first. */
	private settled: number | undefined;
	/** Users recorded per second (pruned as seconds settle). */
	private readonly usersAt = new Map<number, number>();
	private lastUsers = 0;

	constructor(readonly capacity: number = DEFAULT_HISTORY_CAPACITY) {}

	/** Users at second `sec` (epoch s); the latest call in a second wins. */
	recordUsers(users: number, sec: number): void {
		this.usersAt.set(sec, users);
	}

	/**
	 * Settle every second up to `nowSec - lagSeconds`, from `startSec` on.
	 * @param window the total series' window (counts and per-second histograms).
	 * @param startSec first second of the run (epoch s).
	 */
	settle(window: SlidingWindow, nowSec: number, startSec: number): void {
		const upTo = nowSec - window.shape.lagSeconds;
		// Once started, the chart runs on through resets: no second is skipped or repeated.
		let s = this.settled === undefined ? startSec : this.settled + 1;
		// After a long silence, skip straight to the last `capacity` seconds.
		if (upTo - s >= this.capacity) s = upTo - this.capacity + 1;
		for (; s <= upTo; s++) {
			this.consumeUsers(s);
			const {requests, failures} = window.countsAt(s);
			const [p50Ms, p95Ms] = sparsePercentilesMs(window.histogramAt(s), P50_P95);
			this.list.push({time: s * 1000, users: this.lastUsers, rps: requests, fps: failures, p50Ms: p50Ms!, p95Ms: p95Ms!});
		}
		if (this.settled === undefined || upTo > this.settled) this.settled = Math.max(upTo, startSec - 1);
		// Trim in chunks, so the copy happens once per ~6 minutes rather than every second.
		if (this.list.length > this.capacity + this.capacity / 32) this.list.splice(0, this.list.length - this.capacity);
	}

	/** Apply (and forget) every user count recorded at or before `sec`, in time order. */
	private consumeUsers(sec: number): void {
		let latest = -Infinity;
		for (const [at, users] of this.usersAt) {
			if (at > sec) continue;
			if (at >= latest) {
				latest = at;
				this.lastUsers = users;
			}
			this.usersAt.delete(at);
		}
	}

	/** Forget the settled points (a new test); seconds go on from where they were. */
	clear(): void {
		this.list.length = 0;
	}

	/** Settled points, oldest first. Do not mutate. */
	points(): readonly HistoryPoint[] {
		return this.list;
	}
}
