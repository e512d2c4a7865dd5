/**
 * What a task sees: the types of the task context, the HTTP client and its responses. Types
 * only; the engine implements them (source/engine/).
 */

/**
 * A worker's slot in the fleet: its 0-based index and the number of workers. The one name for
 * this pair: `ctx.worker`, the master's spawn orders and the data sets' shares all use it.
 * Stable while the fleet is steady.
 */
export interface WorkerSlot {
	/** 0-based index of this worker, less than `count`. */
	index: number;
	/** How many workers run the test, at least 1. */
	count: number;
}

/** Options of one request. */
export interface RequestOptions {
	/** Name the stats group this request under (default: the path without its query). */
	name?: string;
	headers?: Record<string, string>;
	/** Appended to the path as a query string. */
	query?: Record<string, string | number | boolean | undefined>;
	/** Sent as JSON with `content-type: application/json`. */
	json?: unknown;
	/** Raw body. */
	body?: string | Uint8Array;
	/** Sent as `application/x-www-form-urlencoded` (repeated keys: give an array). */
	form?: Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>;
	/**
	 * Sent as `multipart/form-data`: fields (strings) and files (a `Blob`/`File`, or
	 * `{ content, filename, contentType }`), or a ready undici `FormData`.
	 */
	multipart?: FormData | Record<string, string | number | Blob | MultipartFile | undefined>;
	/** Follow redirects (default true, as Locust's HttpUser); false: the 3xx is the response. */
	allowRedirects?: boolean;
	/** Redirects followed at most (default 5, as FastHttpUser); then the last 3xx is the response. */
	maxRedirects?: number;
	/**
	 * Ask for `gzip, deflate, br` and decode the body for `text()`/`json()` (default: the user
	 * class's `decompress`, else false). `contentLength` stays the bytes on the wire.
	 */
	decompress?: boolean;
	/** Seconds before the request fails as timed out (default: the engine's request timeout). */
	timeout?: number;
	/**
	 * Let the task judge the response with `success()` or `failure(reason)`. A response left
	 * undecided when the task ends is judged by its status, as Locust does.
	 */
	catchResponse?: boolean;
}

/** A file in a `multipart` body. */
export interface MultipartFile {
	content: string | Uint8Array;
	/** Default `blob`. */
	filename?: string;
	/** Default `application/octet-stream`. */
	contentType?: string;
}

/** TLS towards https targets: a user class's `tls`, or the `--insecure`/`--ca-cert`/`--client-cert` flags. */
export interface HttpTls {
	/** Skip certificate checks (self-signed staging hosts). */
	insecure?: boolean;
	/** Extra CA certificates to trust, PEM. */
	ca?: string | Buffer | (string | Buffer)[];
	/** Client certificate for mTLS, PEM. */
	cert?: string | Buffer;
	/** Its private key, PEM. */
	key?: string | Buffer;
}

/** A response whose body has been read in full. */
export interface DroveResponse {
	/** HTTP status; 0 when no response came (refused, reset, timed out). */
	readonly status: number;
	/** Lower-case header names; repeated headers joined with `, ` (set-cookie kept as an array). */
	readonly headers: Record<string, string | string[]>;
	/** 200–399 and no transport error. */
	readonly ok: boolean;
	/** Why the request failed at the transport level (refused, reset, timeout), else undefined. */
	readonly error: string | undefined;
	/** Body bytes received on the wire (compressed, if the target compressed it), of the final response. */
	readonly contentLength: number;
	/** The URL of the final response, after redirects. */
	readonly url: string;
	/** Milliseconds from send to the end of the body, over every redirect (microsecond resolution). */
	readonly elapsedMs: number;
	text(): string;
	json<T = unknown>(): T;
	/** With `catchResponse`: count this response as a success. */
	success(): void;
	/** With `catchResponse`: count this response as a failure with this reason. */
	failure(reason: string | Error): void;
}

/** A user's HTTP client: one keep-alive connection to the host, cookies kept per user. */
export interface HttpClient {
	get(path: string, options?: RequestOptions): Promise<DroveResponse>;
	post(path: string, options?: RequestOptions): Promise<DroveResponse>;
	put(path: string, options?: RequestOptions): Promise<DroveResponse>;
	patch(path: string, options?: RequestOptions): Promise<DroveResponse>;
	delete(path: string, options?: RequestOptions): Promise<DroveResponse>;
	head(path: string, options?: RequestOptions): Promise<DroveResponse>;
	request(method: string, path: string, options?: RequestOptions): Promise<DroveResponse>;
}

/** What every task, `onStart` and `onStop` receives. */
export interface TaskContext {
	client: HttpClient;
	/** This user's id, unique within the worker (0-based, in spawn order). */
	userId: number;
	/** The user class's name. */
	userClass: string;
	worker: WorkerSlot;
	/** Sleep this many seconds. Rejects when the user is cancelled. */
	sleep(seconds: number): Promise<void>;
	/** Record a custom timing (method `custom`), a failure when `error` is given. */
	record(name: string, ms: number, error?: string | Error): void;
	/** Free space for the plan: per-user state that lives as long as the user. */
	state: Record<string, unknown>;
}

/** A task body. */
export type TaskFn = (ctx: TaskContext) => unknown;
