/**
 * The master's side of the exactly-once stats rule (pure). Each worker numbers its deltas
 * 1, 2, 3, ... and keeps every one until the master acknowledges it; the master counts a delta
 * only when its seq is the next one it expects from that worker:
 *
 * - seq <= counted: a duplicate (a resend after a reconnect, a QoS 1 redelivery): ack again, drop.
 * - seq == counted + 1: count it (apply it to the aggregator unless its stats epoch is older
 *   than the last reset), advance, ack.
 * - seq > counted + 1: a gap (an earlier delta was lost in flight): drop it and ack what was
 *   counted; the worker resends everything after that, in order.
 *
 * Acks are cumulative, so a lost ack only causes a resend, which the first rule absorbs.
 * The ledger lives as long as the master process: a worker that reconnects, even after being
 * marked missing, resumes where it was. Every hello carries `nextSeq` (the oldest delta the
 * worker holds), so a new master does not wait for deltas of the previous master's run.
 */

/** What to do with one inbound delta. */
export type LedgerVerdict = 'apply' | 'stale' | 'duplicate' | 'gap';

/** Tracks the highest counted seq per worker. */
export class StatsLedger {
	private readonly counted = new Map<string, number>();

	/**
	 * Registers a worker from its hello; returns the seq counted so far (what the welcome acks).
	 * `nextSeq` is the oldest delta the worker still holds: everything before it was either
	 * counted or dropped by the worker (a new master, a full outbox) and will never come, so the
	 * ledger moves up to it rather than wait for a gap that cannot fill.
	 */
	join(workerId: string, nextSeq: number): number {
		const counted = Math.max(this.counted.get(workerId) ?? 0, nextSeq - 1);
		this.counted.set(workerId, counted);
		return counted;
	}

	/** True once the worker has said hello (its deltas before that are not counted). */
	knows(workerId: string): boolean {
		return this.counted.has(workerId);
	}

	/**
	 * Judges one delta and records it when it counts.
	 * @param epoch The delta's stats epoch; `currentEpoch` the master's (bumped by every reset).
	 * @returns `apply` (count and merge it), `stale` (count it, merge nothing: from before a
	 * reset), `duplicate` or `gap` (drop it). Unknown workers get `gap`: they must say hello first.
	 */
	accept(workerId: string, seq: number, epoch: number, currentEpoch: number): LedgerVerdict {
		const counted = this.counted.get(workerId);
		if (counted === undefined) return 'gap';
		if (seq <= counted) return 'duplicate';
		if (seq > counted + 1) return 'gap';
		this.counted.set(workerId, seq);
		return epoch < currentEpoch ? 'stale' : 'apply';
	}

	/** Every worker's highest counted seq, for the reducer's stop confirmation. */
	countedSeqs(): Record<string, number> {
		return Object.fromEntries(this.counted);
	}

	/** The highest seq counted for a worker (0 for none or unknown): the cumulative ack. */
	countedSeq(workerId: string): number {
		return this.counted.get(workerId) ?? 0;
	}
}
