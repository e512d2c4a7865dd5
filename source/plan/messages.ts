/**
 * Custom messages between the master and its workers, as Locust's `register_message` and
 * `send_message`: a plan registers handlers by type and sends data to one worker, to all
 * workers, or (from a worker) to the master. The runtime of this process (master or worker)
 * binds a link when it starts; handlers registered before or after that are all served.
 *
 * ```ts
 * registerMessage('users', (rows, { from, role }) => { ... });
 * events.on('testStart', ({ role }) => { if (role === 'master') sendMessage('users', rows); });
 * ```
 */
import type { Role } from './events.ts';

/** Who sent a message, and where the handler runs. */
export interface MessageContext {
	/** `master`, or the sending worker's id. */
	from: string;
	/** Where this handler runs. */
	role: Role;
}

/** A handler; it may be async. A throw (or rejection) is reported, never fatal. */
export type MessageHandler = (data: unknown, context: MessageContext) => unknown;

/** Where to send: a worker id, or omitted for every worker (from the master) or the master (from a worker). */
export interface SendOptions {
	to?: string;
}

/** What a runtime provides to carry messages. */
export interface MessageLink {
	role: Role;
	/** Send `data` of `type`; `to` undefined means all workers (master) or the master (worker). */
	send(type: string, data: unknown, to: string | undefined): void;
	/** Start delivering inbound messages of `type` to {@link deliverMessage}. */
	listen(type: string): void;
	/** A handler threw or rejected. */
	onError(type: string, error: unknown): void;
}

/**
 * Custom-message types Drove itself sends over the same channel: `drove.quit` carries a
 * worker's `quit(reason)` to the master. Plans may not use the prefix.
 */
export const RESERVED_PREFIX = 'drove.';
/** A worker's plan called quit(reason): data `{ reason: string | null }`. */
export const QUIT_MESSAGE = 'drove.quit';

interface Registry {
	handlers: Map<string, MessageHandler>;
	link: MessageLink | undefined;
}

// On globalThis so every copy of this module (a plan bundle may carry its own) shares one registry.
const slot = Symbol.for('drove.messages');
const g = globalThis as unknown as Record<symbol, Registry | undefined>;
const registry: Registry = (g[slot] ??= { handlers: new Map(), link: undefined });

/** Handle messages of `type` in this process (master or worker). A later registration replaces an earlier one. */
export function registerMessage(type: string, handler: MessageHandler): void {
	if (typeof type !== 'string' || type === '') throw new TypeError('registerMessage(): the type must be a non-empty string');
	if (type.startsWith(RESERVED_PREFIX)) throw new TypeError(`registerMessage('${type}'): types starting with "${RESERVED_PREFIX}" are Drove's own`);
	if (typeof handler !== 'function') throw new TypeError('registerMessage(): expected a handler function');
	const isNew = !registry.handlers.has(type);
	registry.handlers.set(type, handler);
	if (isNew) registry.link?.listen(type);
}

/**
 * Send a message. On the master: to the worker `to`, or to every worker. On a worker: to the
 * master (`to` may be omitted or `master`). Throws before the run's runtime is up, since there
 * is nobody to send to yet: send from a hook or a task.
 */
export function sendMessage(type: string, data: unknown, options: SendOptions = {}): void {
	if (typeof type === 'string' && type.startsWith(RESERVED_PREFIX)) throw new TypeError(`sendMessage('${type}'): types starting with "${RESERVED_PREFIX}" are Drove's own`);
	const link = registry.link;
	if (link === undefined) throw new Error(`sendMessage('${type}'): no master or worker is running yet; send from a run hook or a task`);
	if (link.role === 'worker' && options.to !== undefined && options.to !== 'master') {
		throw new Error(`sendMessage('${type}'): a worker sends to the master only, not to ${options.to}`);
	}
	link.send(type, data, link.role === 'worker' ? undefined : options.to);
}

/** The runtime's side: carry this process's messages over `link`. Returns the unbind function. */
export function bindMessageLink(link: MessageLink): () => void {
	registry.link = link;
	for (const type of registry.handlers.keys()) link.listen(type);
	return () => {
		if (registry.link === link) registry.link = undefined;
	};
}

/** The runtime's side: an inbound message. Handler errors go to the link's onError. */
export function deliverMessage(type: string, data: unknown, from: string): void {
	const link = registry.link;
	const handler = registry.handlers.get(type);
	if (link === undefined || handler === undefined) return;
	try {
		const result = handler(data, { from, role: link.role });
		if (result instanceof Promise) result.catch((error: unknown) => link.onError(type, error));
	} catch (error) {
		link.onError(type, error);
	}
}
