/**
 * The worker's side of the exactly-once stats rule (pure; see docs/PROTOCOL.md): every delta
 * gets the next seq and stays here until the master's cumulative ack covers it, and is resent
 * after a reconnect or when it has waited too long.
 */
import type { StatsDelta } from '../stats/stats-delta.ts';

/** A delta waiting for its ack. */
export interface PendingDelta {
	seq: number;
	statsEpoch: number;
	delta: StatsDelta;
	/** Epoch ms it was last sent. */
	sentAt: number;
}

/** Deltas kept at most; beyond this the oldest are dropped (a master gone for good). */
export const OUTBOX_LIMIT = 3600;

/** Numbered, unacknowledged deltas in seq order. */
export class StatsOutbox {
	private pending: PendingDelta[] = [];
	private next = 1;
	/** Deltas dropped because the outbox was full. */
	dropped = 0;

	/** Numbers a delta and keeps it; returns the entry to publish. */
	push(delta: StatsDelta, statsEpoch: number, now: number): PendingDelta {
		const entry: PendingDelta = { seq: this.next++, statsEpoch, delta, sentAt: now };
		this.pending.push(entry);
		if (this.pending.length > OUTBOX_LIMIT) {
			this.dropped += this.pending.length - OUTBOX_LIMIT;
			this.pending = this.pending.slice(this.pending.length - OUTBOX_LIMIT);
		}
		return entry;
	}

	/** The master counted everything up to `seq`. */
	ack(seq: number): void {
		if (this.pending.length === 0 || (this.pending[0]?.seq ?? Infinity) > seq) return;
		this.pending = this.pending.filter((entry) => entry.seq > seq);
	}

	/** The seq of the oldest unacknowledged delta, or the next seq when none is waiting: the hello's `nextSeq`. */
	get nextSeq(): number {
		return this.pending[0]?.seq ?? this.next;
	}

	/** The seq of the last delta numbered (0 for none): a stopped worker's `lastSeq`. */
	get lastSeq(): number {
		return this.next - 1;
	}

	/** Unacknowledged deltas, oldest first. */
	get size(): number {
		return this.pending.length;
	}

	/** Everything unacknowledged, oldest first, marked as sent at `now`: to resend in order. */
	resendAll(now: number): PendingDelta[] {
		for (const entry of this.pending) entry.sentAt = now;
		return this.pending.slice();
	}

	/** True when the oldest unacknowledged delta was sent `afterMs` or more ago. */
	overdue(now: number, afterMs: number): boolean {
		const oldest = this.pending[0];
		return oldest !== undefined && now - oldest.sentAt >= afterMs;
	}

	/** Drops every unacknowledged delta (they belonged to a previous master's run). Seqs go on. */
	clear(): void {
		this.pending = [];
	}
}
