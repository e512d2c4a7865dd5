/**
 * The waits between tasks of all of an engine's users, on one timer. A `setTimeout` per wait
 * costs a `Timeout` (and its arguments array) and, since wait times are fractional
 * milliseconds, a timer list of Node's own per distinct duration; a wait of 5-10 s outlives
 * the young generation's collections, so all of it was promoted and died in the old space, a
 * few hundred bytes a wait (bench/README.md, locust, session 4). Here a wait is two array
 * slots: the time it ends and who waits, in a binary min-heap, and one timer is armed for the
 * earliest.
 *
 * A waiter woken early (its user is stopping) is `forget`-ten: its slot stays in the heap until
 * its time comes and is then skipped (`wakeAt` no longer matches). When nobody waits any more the
 * heap is emptied and the timer cleared, so a stopped engine holds no timer.
 */

/** Someone who waits: the list keeps its wake time on it, and calls `endWait` at that time. */
export interface Waiter {
	/** When its wait ends (performance.now() ms); NaN while it does not wait here. */
	wakeAt: number;
	endWait(): void;
}

/** How early a wait may end (ms): the timer fires on the event loop's whole-millisecond clock. */
const earlyMs = 1;

export class WakeList<W extends Waiter = Waiter> {
	private readonly ats: number[] = [];
	private readonly waiters: W[] = [];
	private timer: NodeJS.Timeout | null = null;
	/** When the armed timer fires (Infinity: none armed). */
	private armedAt = Number.POSITIVE_INFINITY;
	/** Waiters whose wait has not ended (the heap also holds forgotten ones). */
	private waiting = 0;
	private readonly fire = (): void => this.wakeDue();

	/** How many wait now. */
	get size(): number {
		return this.waiting;
	}

	/** `waiter.endWait()` is called in `ms` milliseconds (unless it is forgotten first). */
	add(waiter: W, ms: number): void {
		if (!Number.isNaN(waiter.wakeAt)) this.forget(waiter);
		const at = performance.now() + ms;
		waiter.wakeAt = at;
		this.waiting++;
		this.push(at, waiter);
		if (at < this.armedAt) this.arm(at);
	}

	/** The waiter no longer waits here (it was woken another way); nothing if it did not. */
	forget(waiter: W): void {
		if (Number.isNaN(waiter.wakeAt)) return;
		waiter.wakeAt = Number.NaN;
		if (--this.waiting > 0) return;
		this.ats.length = 0;
		this.waiters.length = 0;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.armedAt = Number.POSITIVE_INFINITY;
	}

	private arm(at: number): void {
		if (this.timer) clearTimeout(this.timer);
		this.armedAt = at;
		this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(at - performance.now())));
	}

	private wakeDue(): void {
		this.timer = null;
		this.armedAt = Number.POSITIVE_INFINITY;
		const now = performance.now() + earlyMs;
		while (this.ats.length > 0 && this.ats[0]! <= now) {
			const at = this.ats[0]!;
			const waiter = this.pop();
			if (waiter.wakeAt !== at) continue; // forgotten, or waiting again for a later time
			waiter.wakeAt = Number.NaN;
			this.waiting--;
			waiter.endWait();
		}
		// (A waiter that waits again at once, from its endWait, may have armed the timer for itself.)
		if (this.ats.length > 0 && this.ats[0] !== this.armedAt) this.arm(this.ats[0]!);
	}

	private push(at: number, waiter: W): void {
		const { ats, waiters } = this;
		let i = ats.length;
		ats.push(at);
		waiters.push(waiter);
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (ats[parent]! <= at) break;
			ats[i] = ats[parent]!;
			waiters[i] = waiters[parent]!;
			i = parent;
		}
		ats[i] = at;
		waiters[i] = waiter;
	}

	/** Removes and returns the earliest waiter (the heap is not empty). */
	private pop(): W {
		const { ats, waiters } = this;
		const top = waiters[0]!;
		const lastAt = ats.pop()!;
		const last = waiters.pop()!;
		const n = ats.length;
		if (n > 0) {
			let i = 0;
			for (;;) {
				let child = 2 * i + 1;
				if (child >= n) break;
				if (child + 1 < n && ats[child + 1]! < ats[child]!) child++;
				if (ats[child]! >= lastAt) break;
				ats[i] = ats[child]!;
				waiters[i] = waiters[child]!;
				i = child;
			}
			ats[i] = lastAt;
			waiters[i] = last;
		}
		return top;
	}
}
