/**
 * A user's HTTP client: undici's `dispatch()` with a lean handler (see response.ts), its own
 * keep-alive connection to the host (or the engine's shared pool), cookies kept per user.
 * The hot path allocates the Response, its promise and undici's options object, no more.
 */
import { createRequire } from 'node:module';
import type { CookieJar } from 'tough-cookie';
import type { Dispatcher, FormData } from 'undici';
import { firstUnknownKey, unknownOption } from '../plan/check-options.ts';
import type { HttpClient, RequestOptions } from '../plan/context.ts';
import { Response, type ResponseOwner } from './response.ts';
import { UserCancelled } from './transport-error.ts';

/** Where requests are recorded: a StatsSink, or a wrapper that also fires request hooks. */
export interface RequestReporter {
	request(method: string, name: string, responseTimeMs: number, contentLength: number, error?: string): void;
}

/** Hands out dispatchers for origins: a new Client per user, or one shared Agent. */
export interface Connections {
	/** A dispatcher for `origin`; `own` says whether the user must destroy it when it stops. */
	open(origin: string): { dispatcher: Dispatcher; own: boolean };
	/** True when dispatch options must carry the origin (a shared Agent). */
	readonly needsOrigin: boolean;
}

/** A host split once into what each request needs. */
export interface HostParts {
	/** `http://host:port` */
	origin: string;
	/** Path prefix from the host URL, without a trailing slash ('' for none). */
	basePath: string;
}

/** Parse `http://host:port/base` once per user class. */
export function parseHost(host: string | undefined): HostParts | undefined {
	if (!host) return undefined;
	const url = new URL(host);
	return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

const absolute = /^https?:\/\//i;
/** Redirects followed by default: FastHttpUser's 5. */
const defaultMaxRedirects = 5;
const acceptEncoding = 'gzip, deflate, br';

// A record over `keyof RequestOptions`, so an option added to the type without a line here
// does not compile (an option the client takes but the check refuses would be a bug).
const requestOptionKeys: Record<keyof RequestOptions, true> = {
	name: true, headers: true, query: true, json: true, body: true, form: true, multipart: true,
	allowRedirects: true, maxRedirects: true, decompress: true, timeout: true, catchResponse: true,
};
const requestOptionList = Object.keys(requestOptionKeys);
const requestOptionNames: ReadonlySet<string> = new Set(requestOptionList);

// tough-cookie (with its public-suffix list, about 6 MB) loads on the first Set-Cookie only:
// many load tests never see one.
const require = createRequire(import.meta.url);
let Jar: typeof CookieJar | undefined;
function newJar(): CookieJar {
	Jar ??= (require('tough-cookie') as { CookieJar: typeof CookieJar }).CookieJar;
	return new Jar();
}

// undici's FormData loads on the first multipart body only: importing it from undici's index
// would load all of undici into every worker, undoing connections.ts's dispatcher-only loads.
let FormDataClass: typeof FormData | undefined;
function newFormData(): FormData {
	FormDataClass ??= (require('undici/lib/web/fetch/formdata.js') as { FormData: typeof FormData }).FormData;
	return new FormDataClass();
}

/** One user's client. */
export class UserHttpClient implements HttpClient, ResponseOwner {
	cancelled = false;
	private main: Dispatcher | null = null;
	/** `main` is this user's own (destroyed with it), not a shared pool. */
	private mainOwned = false;
	/** Its own dispatchers for other origins: none for most users, so no array until one. */
	private owned: Dispatcher[] | null = null;
	private others: Map<string, Dispatcher> | null = null;
	private jar: CookieJar | null = null;
	/** Responses the task judges (catchResponse), judged by status at task end if left undecided. */
	private caught: Response[] | null = null;
	/** Requests in flight, tracked only on a shared pool (a user's own connection is destroyed instead). */
	private inflight: Response[] | null;

	constructor(
		private readonly host: HostParts | undefined,
		private readonly connections: Connections,
		private readonly reporter: RequestReporter,
		private readonly timeoutMs: number,
		/** The user class's `decompress`: the default of each request's. */
		private readonly decompress = false,
		/** A request option it does not know (a plan can build them at run time): the engine records it once per call site. */
		private readonly onUnknownOption?: (error: TypeError) => void,
	) {
		this.inflight = connections.needsOrigin ? [] : null;
	}

	get(path: string, options?: RequestOptions): Promise<Response> {
		return this.request('GET', path, options);
	}
	post(path: string, options?: RequestOptions): Promise<Response> {
		return this.request('POST', path, options);
	}
	put(path: string, options?: RequestOptions): Promise<Response> {
		return this.request('PUT', path, options);
	}
	patch(path: string, options?: RequestOptions): Promise<Response> {
		return this.request('PATCH', path, options);
	}
	delete(path: string, options?: RequestOptions): Promise<Response> {
		return this.request('DELETE', path, options);
	}
	head(path: string, options?: RequestOptions): Promise<Response> {
		return this.request('HEAD', path, options);
	}

	request(method: string, path: string, options?: RequestOptions): Promise<Response> {
		if (this.cancelled) throw new UserCancelled();
		let origin: string;
		let fullPath: string;
		let dispatcher: Dispatcher;
		const q = path.indexOf('?');
		const name = options?.name ?? (q < 0 ? path : path.slice(0, q));
		if (absolute.test(path)) {
			const url = new URL(path);
			origin = url.origin;
			fullPath = url.pathname + url.search;
			dispatcher = this.dispatcherFor(origin);
		} else {
			if (!this.host) throw new Error('no host: give -H/--host or `host` in user(), or request an absolute URL');
			origin = this.host.origin;
			const base = this.host.basePath;
			fullPath = path.charCodeAt(0) === 47 ? (base === '' ? path : base + path) : `${base}/${path}`;
			dispatcher = this.main ?? this.openMain();
		}
		let headers: Record<string, string> | undefined = options?.headers;
		let body: string | Uint8Array | FormData | undefined = options?.body;
		let timeoutMs = this.timeoutMs;
		let redirects = defaultMaxRedirects;
		let decompress = this.decompress;
		if (options !== undefined) {
			const unknown = this.onUnknownOption && firstUnknownKey(options, requestOptionNames);
			// Made here, so its stack holds the plan's call site.
			if (unknown !== undefined) this.onUnknownOption!(new TypeError(unknownOption('request', unknown, requestOptionList)));
			if (options.query) {
				const search = new URLSearchParams();
				for (const [k, v] of Object.entries(options.query)) if (v !== undefined) search.append(k, String(v));
				const s = search.toString();
				if (s) fullPath += (q < 0 ? '?' : '&') + s;
			}
			if (options.json !== undefined) {
				body = JSON.stringify(options.json);
				headers = { 'content-type': 'application/json', ...headers };
			} else if (options.form !== undefined) {
				body = formBody(options.form);
				headers = { 'content-type': 'application/x-www-form-urlencoded', ...headers };
			} else if (options.multipart !== undefined) {
				// undici writes the multipart body and its content-type (with the boundary) itself.
				body = multipartBody(options.multipart);
			}
			if (options.timeout !== undefined) timeoutMs = Math.round(options.timeout * 1000);
			if (options.allowRedirects === false) redirects = 0;
			else if (options.maxRedirects !== undefined) redirects = Math.max(0, Math.floor(options.maxRedirects));
			if (options.decompress !== undefined) decompress = options.decompress;
		}
		if (decompress) headers = { 'accept-encoding': acceptEncoding, ...headers };
		const caught = options?.catchResponse === true;
		const response = new Response(this, method, name, origin, fullPath, performance.now(), timeoutMs, caught);
		response.redirectsLeft = redirects;
		response.decompress = decompress;
		if (redirects > 0) {
			response.sentHeaders = headers;
			response.sentBody = body;
		}
		if (caught) (this.caught ??= []).push(response);
		if (this.inflight !== null) this.inflight.push(response);
		this.send(response, dispatcher, headers, body);
		return response.done;
	}

	/** Dispatch one hop of `response`'s request, with the jar's cookies for its URL. */
	private send(response: Response, dispatcher: Dispatcher, headers: Record<string, string> | undefined, body: string | Uint8Array | FormData | undefined): void {
		if (this.jar !== null) {
			const cookie = this.jar.getCookieStringSync(response.origin + response.path);
			if (cookie) headers = { ...headers, cookie: headers?.cookie ? `${headers.cookie}; ${cookie}` : cookie };
		}
		dispatcher.dispatch(
			{
				origin: this.connections.needsOrigin ? response.origin : undefined,
				path: response.path,
				method: response.method,
				headers,
				body,
				headersTimeout: response.timeoutMs,
				bodyTimeout: response.timeoutMs,
			},
			response,
		);
	}

	/**
	 * Follow a redirect, as requests and FastHttpUser do: 303 (and 301/302 after a POST) turns
	 * into a GET without a body; another origin gets no Authorization or Cookie header of the
	 * plan's (the jar still sends that origin's own cookies). Hand-written rather than undici's
	 * redirect interceptor, which hides each hop's headers from the handler: a Set-Cookie on a
	 * login's 302 would never reach the jar, nor go out on the next hop. It also binds each hop
	 * to one dispatcher, where a user holds one Client per origin.
	 */
	follow(response: Response): boolean {
		if (this.cancelled) return false;
		let next: URL;
		try {
			next = new URL(response.location!, response.url);
		} catch {
			return false;
		}
		if (next.protocol !== 'http:' && next.protocol !== 'https:') return false;
		const status = response.status;
		let headers = response.sentHeaders;
		if (status === 303 ? response.method !== 'HEAD' : (status === 301 || status === 302) && response.method === 'POST') {
			response.method = 'GET';
			response.sentBody = undefined;
			headers = withoutHeaders(headers, (name) => name.startsWith('content-'));
		}
		if (next.origin !== response.origin) headers = withoutHeaders(headers, (name) => name === 'authorization' || name === 'cookie');
		response.sentHeaders = headers;
		response.origin = next.origin;
		response.path = next.pathname + next.search;
		response.redirectsLeft--;
		response.location = null;
		response.restart();
		try {
			this.send(response, this.dispatcherFor(next.origin), headers, response.sentBody);
		} catch (error) {
			response.onError(error as Error);
		}
		return true;
	}

	// ResponseOwner

	report(method: string, name: string, ms: number, bytes: number, error: string | undefined): void {
		this.reporter.request(method, name, ms, bytes, error);
	}

	settled(response: Response): void {
		const list = this.inflight;
		if (list === null) return;
		const i = list.lastIndexOf(response);
		if (i === list.length - 1) list.pop();
		else if (i >= 0) list.splice(i, 1);
	}

	storeCookies(response: Response, values: string[]): void {
		const jar = (this.jar ??= newJar());
		const url = response.origin + response.path;
		for (const value of values) {
			try {
				jar.setCookieSync(value, url);
			} catch {
				// A cookie the jar rejects (bad domain, malformed) is dropped, as a browser would.
			}
		}
		// Keep the hot path lean: a jar that ends up empty is dropped again.
		if (jar.serializeSync()?.cookies.length === 0) this.jar = null;
	}

	/** Judge the responses the task left undecided (end of a task). */
	judgeCaught(): void {
		const list = this.caught;
		if (list === null) return;
		this.caught = null;
		for (const r of list) {
			if (r.finished) r.judge();
			// Still in flight: judged by status when it ends.
			else r.caught = false;
		}
	}

	/** Cut every request short and refuse new ones (the stop timeout passed). */
	cancel(): void {
		this.cancelled = true;
		if (this.inflight !== null) {
			for (const r of this.inflight.splice(0)) r.abort?.(new UserCancelled());
		}
		this.destroyOwned();
	}

	/** Allow requests again after a cancel (so onStop can run). */
	resume(): void {
		this.cancelled = false;
	}

	/** Close this user's own connections. */
	close(): void {
		this.destroyOwned();
	}

	private destroyOwned(): void {
		if (this.main && this.mainOwned) this.main.destroy().catch(() => undefined);
		if (this.owned) for (const d of this.owned) d.destroy().catch(() => undefined);
		this.owned = null;
		this.main = null;
		this.mainOwned = false;
		this.others = null;
	}

	private openMain(): Dispatcher {
		return this.dispatcherFor(this.host!.origin);
	}

	private dispatcherFor(origin: string): Dispatcher {
		const isHost = this.host !== undefined && origin === this.host.origin;
		if (isHost && this.main) return this.main;
		const known = this.others?.get(origin);
		if (known) return known;
		const { dispatcher, own } = this.connections.open(origin);
		if (isHost) {
			// The host's origin, also when first reached by an absolute URL: kept as `main` for reuse.
			this.main = dispatcher;
			this.mainOwned = own;
		} else {
			(this.others ??= new Map()).set(origin, dispatcher);
			if (own) (this.owned ??= []).push(dispatcher);
		}
		return dispatcher;
	}
}

/** `application/x-www-form-urlencoded` from an object; an array value repeats its key. */
function formBody(form: NonNullable<RequestOptions['form']>): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(form)) {
		if (value === undefined) continue;
		if (Array.isArray(value)) for (const v of value as unknown[]) search.append(key, String(v));
		else search.append(key, String(value));
	}
	return search.toString();
}

/** undici's FormData from the plan's fields and files (a FormData passes through). */
function multipartBody(multipart: NonNullable<RequestOptions['multipart']>): FormData {
	// A FormData (undici's, or any with append) passes through.
	if (typeof (multipart as { append?: unknown }).append === 'function') return multipart as FormData;
	const data = newFormData();
	for (const [key, value] of Object.entries(multipart as Record<string, unknown>)) {
		if (value === undefined) continue;
		if (typeof value === 'string' || typeof value === 'number') data.append(key, String(value));
		else if (value instanceof Blob) data.append(key, value, (value as { name?: string }).name ?? 'blob');
		else {
			const file = value as { content: string | Uint8Array; filename?: string; contentType?: string };
			data.append(key, new Blob([file.content], { type: file.contentType ?? 'application/octet-stream' }), file.filename ?? 'blob');
		}
	}
	return data;
}

/** A copy of `headers` without the names `drop` picks (any case); undefined stays undefined. */
function withoutHeaders(headers: Record<string, string> | undefined, drop: (lowerName: string) => boolean): Record<string, string> | undefined {
	if (headers === undefined) return undefined;
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) if (!drop(name.toLowerCase())) out[name] = value;
	return out;
}
