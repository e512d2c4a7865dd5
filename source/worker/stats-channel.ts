/**
 * A worker's stats on their way to the master: the Recorder the engine reports into, and the
 * outbox that numbers each delta and keeps it until acknowledged (the exactly-once rule of
 * docs/PROTOCOL.md). Sending is the caller's: it passes `send`, and `online` says when the
 * master listens (connected and welcomed).
 */
import { Recorder } from '../stats/recorder.ts';
import type { StatsDelta } from '../stats/stats-delta.ts';
import { StatsOutbox } from './stats-outbox.ts';
import type { PendingDelta } from './stats-outbox.ts';

/** See the module comment. */
export class StatsChannel {
	/** What the engine reports into. */
	readonly recorder = new Recorder();
	private readonly outbox = new StatsOutbox();
	/** The stats epoch deltas are tagged with (bumped by the master's resets). */
	epoch = 0;

	constructor(
		private readonly send: (entry: PendingDelta) => void,
		private readonly online: () => boolean,
	) {}

	/** Takes what the recorder holds as the next delta; sends it when online, else keeps it for later. */
	flush(now: number): void {
		const delta = this.recorder.takeDelta(now);
		if (isEmpty(delta)) return;
		const entry = this.outbox.push(delta, this.epoch, now);
		if (this.online()) this.send(entry);
	}

	/** Every stats interval: flush, and resend when the oldest delta has waited `resendAfterMs` for its ack. */
	tick(now: number, resendAfterMs: number): void {
		this.flush(now);
		if (this.online()) this.resendIfOverdue(now, resendAfterMs);
	}

	/** Waits up to `timeoutMs` for every delta to be acknowledged, while `worthIt()` (the connection is up). */
	async drain(timeoutMs: number, worthIt: () => boolean): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.pending > 0 && worthIt() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
	}

	/** Sends every unacknowledged delta again, oldest first. */
	resend(now: number): void {
		for (const entry of this.outbox.resendAll(now)) this.send(entry);
	}

	/** Resends when the oldest delta has waited `afterMs` for its ack. */
	resendIfOverdue(now: number, afterMs: number): void {
		if (this.outbox.overdue(now, afterMs)) this.resend(now);
	}

	ack(seq: number): void {
		this.outbox.ack(seq);
	}

	/** A master reset: drop what was recorded since the last delta, tag later ones with `epoch`. */
	reset(epoch: number): void {
		this.recorder.reset();
		this.epoch = epoch;
	}

	/** A new master: what it has not counted belonged to its predecessor's run. */
	forgetRun(): void {
		this.outbox.clear();
		this.recorder.reset();
	}

	/** The hello's `nextSeq`. */
	get nextSeq(): number {
		return this.outbox.nextSeq;
	}

	/** A stopped worker's `lastSeq`. */
	get lastSeq(): number {
		return this.outbox.lastSeq;
	}

	/** Deltas waiting for their ack. */
	get pending(): number {
		return this.outbox.size;
	}
}

function isEmpty(delta: StatsDelta): boolean {
	return delta.endpoints.length === 0 && delta.errors.length === 0 && delta.exceptions.length === 0;
}
