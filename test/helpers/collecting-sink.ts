/** A StatsSink for tests: keeps every request and exception, and lets a test wait for them. */
import type { StatsSink } from '../../source/stats/stats-sink.ts';

export interface RecordedRequest {
	method: string;
	name: string;
	ms: number;
	bytes: number;
	error: string | undefined;
	/** performance.now() when recorded. */
	at: number;
}

export class CollectingSink implements StatsSink {
	readonly requests: RecordedRequest[] = [];
	readonly exceptions: { message: string; traceback: string }[] = [];
	private waiters: { check: () => boolean; resolve: () => void }[] = [];

	request(method: string, name: string, ms: number, bytes: number, error?: string): void {
		this.requests.push({ method, name, ms, bytes, error, at: performance.now() });
		this.poke();
	}

	exception(message: string, traceback: string): void {
		this.exceptions.push({ message, traceback });
		this.poke();
	}

	/** Requests matching a name (and optionally only failures). */
	named(name: string): RecordedRequest[] {
		return this.requests.filter((r) => r.name === name);
	}

	/** Resolve once `check()` holds; reject after `timeoutMs`. */
	until(check: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
		if (check()) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter((w) => w !== waiter);
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
			}, timeoutMs);
			const waiter = {
				check,
				resolve: () => {
					clearTimeout(timer);
					resolve();
				},
			};
			this.waiters.push(waiter);
		});
	}

	private poke(): void {
		if (this.waiters.length === 0) return;
		this.waiters = this.waiters.filter((w) => {
			if (!w.check()) return true;
			w.resolve();
			return false;
		});
	}
}
