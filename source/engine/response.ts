/**
 * One request in flight and, once done, its response: the undici dispatch handler and the
 * `DroveResponse` a task gets are the same object, so a request allocates one object of ours.
 */
import type { DroveResponse } from '../plan/context.ts';
import { statusErrorText, transportErrorText } from './transport-error.ts';

/** What a response reports to when it is judged. */
export interface ResponseOwner {
	/** Record the request; `error` undefined for a success. */
	report(method: string, name: string, ms: number, bytes: number, error: string | undefined): void;
	/** The request finished (successfully or not): stop tracking it for cancellation. */
	settled(response: Response): void;
	/** A Set-Cookie header came back. */
	storeCookies(response: Response, values: string[]): void;
	/** True once the user is cancelled: a request cut short then is not recorded. */
	readonly cancelled: boolean;
}

const enum Verdict {
	/** Judge by status when done (or at task end with catchResponse). */
	Pending = 0,
	Reported = 1,
}

/** A request in flight (undici's legacy dispatch handler interface) and its response. */
export class Response implements DroveResponse {
	status = 0;
	error: string | undefined = undefined;
	contentLength = 0;
	elapsedMs = 0;
	/** The body has been read or the request failed. */
	finished = false;
	/** Set once undici connects the request; aborts it. */
	abort: ((reason?: Error) => void) | null = null;
	private rawHeaders: Buffer[] | null = null;
	private chunks: Buffer[] | null = null;
	private parsedHeaders: Record<string, string | string[]> | null = null;
	private verdict = Verdict.Pending;
	private resolve!: (r: Response) => void;
	/** Resolves when the body has been read or the request failed; never rejects (no unhandled rejections from requests nobody awaits). */
	readonly done: Promise<Response>;

	constructor(
		private readonly owner: ResponseOwner,
		readonly method: string,
		readonly name: string,
		/** `http://host:port`, kept for cookies. */
		readonly origin: string,
		/** Path and query as sent. */
		readonly path: string,
		private readonly startedAt: number,
		private readonly timeoutMs: number,
		/** The task judges it (catchResponse); cleared when the task ended before the response did. */
		public caught: boolean,
	) {
		this.done = new Promise<Response>((resolve) => {
			this.resolve = resolve;
		});
	}

	get ok(): boolean {
		return this.error === undefined && this.status >= 200 && this.status < 400;
	}

	get headers(): Record<string, string | string[]> {
		if (this.parsedHeaders) return this.parsedHeaders;
		const out: Record<string, string | string[]> = {};
		const raw = this.rawHeaders ?? [];
		for (let i = 0; i + 1 < raw.length; i += 2) {
			const key = raw[i]!.toString('latin1').toLowerCase();
			const value = raw[i + 1]!.toString('latin1');
			const prev = out[key];
			if (key === 'set-cookie') out[key] = Array.isArray(prev) ? [...prev, value] : [value];
			else out[key] = prev === undefined ? value : `${prev as string}, ${value}`;
		}
		return (this.parsedHeaders = out);
	}

	text(): string {
		if (!this.chunks) return '';
		return this.chunks.length === 1 ? this.chunks[0]!.toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
	}

	json<T = unknown>(): T {
		return JSON.parse(this.text()) as T;
	}

	success(): void {
		this.settle(undefined);
	}

	failure(reason: string | Error): void {
		this.settle(typeof reason === 'string' ? reason : reason.message || String(reason));
	}

	/** Judge by status: what happens to every response not caught, and to caught ones left undecided. */
	judge(): void {
		if (this.verdict !== Verdict.Pending) return;
		this.settle(this.error ?? (this.status >= 400 ? statusErrorText(this.status) : undefined));
	}

	private settle(error: string | undefined): void {
		if (this.verdict !== Verdict.Pending) return;
		this.verdict = Verdict.Reported;
		this.owner.report(this.method, this.name, this.elapsedMs, this.contentLength, error);
	}

	// undici's dispatch handler interface.

	onConnect(abort: (reason?: Error) => void): void {
		this.abort = abort;
	}

	onHeaders(status: number, rawHeaders: Buffer[]): boolean {
		this.status = status;
		this.rawHeaders = rawHeaders;
		// Only touch the cookie jar when a Set-Cookie arrives: compare bytes, make no strings.
		for (let i = 0; i < rawHeaders.length; i += 2) {
			if (isSetCookie(rawHeaders[i]!)) {
				const values: string[] = [];
				for (let j = i; j < rawHeaders.length; j += 2) {
					if (isSetCookie(rawHeaders[j]!)) values.push(rawHeaders[j + 1]!.toString('latin1'));
				}
				this.owner.storeCookies(this, values);
				break;
			}
		}
		return true;
	}

	onData(chunk: Buffer): boolean {
		this.contentLength += chunk.length;
		if (this.chunks === null) this.chunks = [chunk];
		else this.chunks.push(chunk);
		return true;
	}

	onComplete(): void {
		this.elapsedMs = performance.now() - this.startedAt;
		this.finished = true;
		this.owner.settled(this);
		if (!this.caught) this.judge();
		this.resolve(this);
	}

	onError(error: Error): void {
		this.elapsedMs = performance.now() - this.startedAt;
		this.finished = true;
		this.owner.settled(this);
		this.status = 0;
		this.error = transportErrorText(error, this.timeoutMs);
		// A request cut short because its user was cancelled is not the target's failure.
		if (this.owner.cancelled) this.verdict = Verdict.Reported;
		if (!this.caught) this.judge();
		this.resolve(this);
	}

	onUpgrade(): void {
		// Drove does not upgrade connections.
	}
}

const setCookie = Buffer.from('set-cookie');

/** A header name equal to `set-cookie` in any case (ASCII: OR 0x20 lower-cases letters and keeps `-`). */
function isSetCookie(name: Buffer): boolean {
	if (name.length !== 10 || (name[0]! | 0x20) !== 0x73) return false;
	for (let i = 1; i < 10; i++) if ((name[i]! | 0x20) !== setCookie[i]) return false;
	return true;
}
