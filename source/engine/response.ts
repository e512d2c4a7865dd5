/**
 * One request in flight and, once done, its response: the undici dispatch handler and the
 * `DroveResponse` a task gets are the same object, so a request allocates one object of ours.
 */
import type { DroveResponse } from '../plan/context.ts';
import type { FormData } from 'undici';
import { decodeBody } from './decode-body.ts';
import { statusErrorText, transportErrorText } from './transport-error.ts';

/** What a response reports to when it is judged. */
export interface ResponseOwner {
	/** Record the request; `error` undefined for a success. */
	report(method: string, name: string, ms: number, bytes: number, error: string | undefined): void;
	/** The request finished (successfully or not): stop tracking it for cancellation. */
	settled(response: Response): void;
	/** A Set-Cookie header came back. */
	storeCookies(response: Response, values: string[]): void;
	/** A redirect's body has ended: send the request on to `response.location`; false if it cannot be followed. */
	follow(response: Response): boolean;
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
	/** Redirects this request may still follow (0: a 3xx is the response). */
	redirectsLeft = 0;
	/** While a redirect is being followed: its Location; its body is not kept. */
	location: string | null = null;
	/** What the request was sent with, for the next hop of a redirect (cookies apart). */
	sentHeaders: Record<string, string> | undefined = undefined;
	sentBody: string | Uint8Array | FormData | undefined = undefined;
	/** Decode a compressed body on reading (the plan asked for compression). */
	decompress = false;
	private rawHeaders: Buffer[] | null = null;
	private chunks: Buffer[] | null = null;
	private parsedHeaders: Record<string, string | string[]> | null = null;
	private verdict = Verdict.Pending;
	private resolve!: (r: Response) => void;
	/** Resolves when the body has been read or the request failed; never rejects (no unhandled rejections from requests nobody awaits). */
	readonly done: Promise<Response>;

	constructor(
		private readonly owner: ResponseOwner,
		/** As sent on the last hop (a 303 turns a POST into a GET); recorded as first sent. */
		public method: string,
		readonly name: string,
		/** `http://host:port` of the last hop, kept for cookies. */
		public origin: string,
		/** Path and query as sent on the last hop. */
		public path: string,
		private readonly startedAt: number,
		/** Each hop's headers and body timeout. */
		readonly timeoutMs: number,
		/** The task judges it (catchResponse); cleared when the task ended before the response did. */
		public caught: boolean,
	) {
		this.recordedMethod = method;
		this.done = new Promise<Response>((resolve) => {
			this.resolve = resolve;
		});
	}

	private readonly recordedMethod: string;

	get url(): string {
		return this.origin + this.path;
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
		const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
		if (!this.decompress) return body.toString('utf8');
		const encoding = this.headers['content-encoding'];
		return decodeBody(body, typeof encoding === 'string' ? encoding : undefined).toString('utf8');
	}

	json<T = unknown>(): T {
		return JSON.parse(this.text()) as T;
	}

	/** Forget the last hop's response before the next hop of a redirect. */
	restart(): void {
		this.status = 0;
		this.rawHeaders = null;
		this.parsedHeaders = null;
		this.chunks = null;
		this.contentLength = 0;
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
		this.owner.report(this.recordedMethod, this.name, this.elapsedMs, this.contentLength, error);
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
		if (status >= 300 && status < 400 && this.redirectsLeft > 0 && isFollowed(status)) this.location = headerValue(rawHeaders, 'location');
		return true;
	}

	onData(chunk: Buffer): boolean {
		// A redirect's own body is dropped, as Locust's clients drop it: the final response counts.
		if (this.location !== null) return true;
		this.contentLength += chunk.length;
		if (this.chunks === null) this.chunks = [chunk];
		else this.chunks.push(chunk);
		return true;
	}

	onComplete(): void {
		if (this.location !== null && this.owner.follow(this)) return;
		this.location = null;
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

/** The statuses a redirect is followed for (fetch's and requests' list). */
function isFollowed(status: number): boolean {
	return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** The first value of a header by lower-case name, from undici's raw list; null if absent. */
function headerValue(raw: Buffer[], name: string): string | null {
	for (let i = 0; i + 1 < raw.length; i += 2) {
		if (raw[i]!.length === name.length && raw[i]!.toString('latin1').toLowerCase() === name) return raw[i + 1]!.toString('latin1');
	}
	return null;
}

/** A header name equal to `set-cookie` in any case (ASCII: OR 0x20 lower-cases letters and keeps `-`). */
function isSetCookie(name: Buffer): boolean {
	if (name.length !== 10 || (name[0]! | 0x20) !== 0x73) return false;
	for (let i = 1; i < 10; i++) if ((name[i]! | 0x20) !== setCookie[i]) return false;
	return true;
}
