/**
 * The one-line error text a failed request is grouped under: each transport failure gets its
 * own, stable text (`ECONNREFUSED: connection refused`, `request timed out after 60000 ms`).
 */
import { STATUS_CODES } from 'node:http';

/** Thrown into a task whose user was cancelled (stop timeout passed): unwinds the task, never recorded. */
export class UserCancelled extends Error {
	constructor() {
		super('user cancelled');
		this.name = 'UserCancelled';
	}
}

/** The failure text of a request that ended in `error`; `timeoutMs` is the timeout it ran with. */
export function transportErrorText(error: unknown, timeoutMs: number): string {
	const e = error as { code?: string; message?: string; cause?: { code?: string } };
	const code = e?.code ?? e?.cause?.code;
	switch (code) {
		case 'ECONNREFUSED':
			return 'ECONNREFUSED: connection refused';
		case 'ECONNRESET':
		case 'EPIPE':
		case 'UND_ERR_SOCKET':
			return 'ECONNRESET: connection reset';
		case 'UND_ERR_HEADERS_TIMEOUT':
		case 'UND_ERR_BODY_TIMEOUT':
			return `request timed out after ${timeoutMs} ms`;
		case 'UND_ERR_CONNECT_TIMEOUT':
		case 'ETIMEDOUT':
			return 'ETIMEDOUT: connect timed out';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `${code}: host not found`;
		case 'EHOSTUNREACH':
			return 'EHOSTUNREACH: host unreachable';
		default:
			return code ? `${code}: ${e.message ?? 'request failed'}` : (e?.message ?? String(error));
	}
}

/** The failure text of a response with a failing status. */
export function statusErrorText(status: number): string {
	const reason = STATUS_CODES[status];
	return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}
