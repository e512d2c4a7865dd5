/**
 * Who may do what on the coordination channel (pure; the broker's hooks call these).
 *
 * - The master is privileged: it connects over an in-process stream, never the network, so
 *   no credential of its own can leak. It may publish and subscribe anywhere but `$SYS/`.
 * - A worker is any other client. Its MQTT client id is its worker id, and it may publish
 *   only under `drove/<cluster>/worker/<its id>/`: never to `cmd/...`, the master's topics,
 *   another worker's topics or another cluster. It may subscribe only to the master's topics,
 *   `cmd/all` and `cmd/<its id>`: it cannot read other workers' stats or commands.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { isValidName } from '../protocol/topics.ts';
import type { Topics } from '../protocol/topics.ts';

/** Client ids that start with this are the master's; no network client may take them. */
export const MASTER_CLIENT_PREFIX = 'drove-master-';

/** True when the bind host only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
	const bare = host.replace(/^\[|\]$/g, '');
	if (bare === 'localhost' || bare === '::1') return true;
	return isIP(bare) === 4 && bare.startsWith('127.');
}

/** Compares a presented token with the expected one in constant time. */
export function tokenMatches(given: Buffer | string | undefined, expected: string): boolean {
	if (given === undefined) return false;
	// Hash both so the comparison is constant time whatever the lengths.
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** Why a network client's CONNECT is refused, or undefined to accept it. */
export function connectRefusal(clientId: string, password: Buffer | undefined, token: string | undefined): string | undefined {
	if (!isValidName(clientId)) return `client id ${JSON.stringify(clientId)} is not a valid worker id`;
	if (clientId.startsWith(MASTER_CLIENT_PREFIX)) return `client id ${clientId} is reserved for the master`;
	if (token !== undefined && !tokenMatches(password, token)) return password === undefined ? 'no token' : 'wrong token';
	return undefined;
}

/** May the worker `clientId` publish to `topic`? */
export function workerMayPublish(topics: Topics, clientId: string, topic: string): boolean {
	const prefix = topics.workerPrefix(clientId);
	if (!topic.startsWith(prefix)) return false;
	const leaf = topic.slice(prefix.length);
	return leaf.length > 0 && !leaf.includes('/');
}

/** May the worker `clientId` subscribe to the filter `filter`? */
export function workerMaySubscribe(topics: Topics, clientId: string, filter: string): boolean {
	return (
		filter === topics.masterStatus ||
		filter === topics.masterHeartbeat ||
		filter === topics.plan ||
		filter === topics.masterAll ||
		filter === topics.cmdAll ||
		filter === topics.cmd(clientId)
	);
}
