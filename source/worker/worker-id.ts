/** Worker ids: the host name made topic-safe, a dash and a random suffix, new per process. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A fresh worker id such as `web-3-k2x9q1` (at most 128 characters, `[A-Za-z0-9._-]`). */
export function makeWorkerId(host: string = hostname()): string {
	const safe = host.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 100) || 'worker';
	// 6 base36 characters: ~2 billion ids, plenty for the workers of one host.
	const suffix = (randomBytes(4).readUInt32BE(0) % 36 ** 6).toString(36).padStart(6, '0');
	return `${safe}-${suffix}`;
}
