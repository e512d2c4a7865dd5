/**
 * The one encoder and the one decoder of Drove messages, used by the master and the workers.
 * The decoder never throws: it returns the typed message or a reason, so a bad payload is
 * counted and dropped by the caller and nothing crashes.
 */
import type { ParsedTopic, TopicKind } from './topics.ts';
import { schemas } from './messages.ts';
import type { Message, MessageType, Outgoing } from './messages.ts';
import { PROTOCOL_VERSION, isCompatibleVersion } from './version.ts';
import { NAME_MAX, cleanKeys, cleanLines, cleanText } from './sanitize.ts';

/** Payload size limits in bytes, by topic kind; anything larger is refused unread. */
export const MAX_PAYLOAD_BYTES: Readonly<Record<TopicKind, number>> = {
	'master-status': 64 * 1024,
	'master-heartbeat': 64 * 1024,
	/** A bundled plan with its local imports. */
	plan: 16 * 1024 * 1024,
	/** Commands carry custom messages: up to 1 MiB of data. */
	'cmd-all': 1024 * 1024,
	'cmd-worker': 1024 * 1024,
	'worker-hello': 256 * 1024,
	'worker-status': 64 * 1024,
	'worker-heartbeat': 256 * 1024,
	/** A delta with hundreds of endpoints and their compressed histograms. */
	'worker-stats': 4 * 1024 * 1024,
	'worker-custom': 1024 * 1024,
};

/** Which message types may arrive on which kind of topic. */
const ALLOWED: Readonly<Record<TopicKind, readonly MessageType[]>> = {
	'master-status': ['master-status'],
	'master-heartbeat': ['master-heartbeat'],
	plan: ['plan'],
	'cmd-all': ['stop', 'quit', 'reset', 'custom'],
	'cmd-worker': ['welcome', 'refuse', 'spawn', 'stop', 'quit', 'reset', 'ack', 'custom'],
	'worker-hello': ['hello'],
	'worker-status': ['worker-status'],
	'worker-heartbeat': ['worker-heartbeat'],
	'worker-stats': ['stats'],
	'worker-custom': ['custom'],
};

/** Why a payload was dropped. */
export type DecodeReason =
	/** Zero bytes: a cleared retained message, not an error on status topics. */
	| 'empty'
	| 'oversized'
	| 'bad-json'
	/** Valid JSON that is not the message it claims to be. */
	| 'bad-shape'
	/** No `v`, or a major version other than ours. */
	| 'version'
	/** A real message type on a topic where it does not belong (a stats message on cmd/...). */
	| 'unexpected-type'
	/** A worker id in the message that is not the one in the topic. */
	| 'wrong-sender';

/** The decoder's answer. */
export type DecodeResult<M extends Message = Message> =
	| { ok: true; message: M }
	| {
			ok: false;
			reason: DecodeReason;
			/** One line for logs. */
			detail: string;
			/** The version the sender claimed, when there was one (for a clear refusal). */
			version?: string;
			/** The type the sender claimed, when there was one. */
			type?: string;
	  };

/**
 * Serializes a message, stamping our protocol version.
 * @param version Tests pass another to play a peer of another version.
 */
export function encode(message: Outgoing, version: string = PROTOCOL_VERSION): Buffer {
	return Buffer.from(JSON.stringify({ v: version, ...message }));
}

/**
 * Validates one inbound payload for the topic it arrived on.
 * @param topic The parsed topic: its kind decides the size limit and the allowed types.
 * @param payload The raw bytes.
 * @param ours Our protocol version (tests pass another to play an old or new peer).
 */
export function decode(topic: ParsedTopic, payload: Uint8Array | string, ours: string = PROTOCOL_VERSION): DecodeResult {
	const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
	if (size === 0) return fail('empty', 'empty payload');
	const limit = MAX_PAYLOAD_BYTES[topic.kind];
	if (size > limit) return fail('oversized', `${size} bytes, limit ${limit}`);

	let data: unknown;
	try {
		data = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
	} catch (error) {
		return fail('bad-json', (error as Error).message);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('bad-shape', 'not a JSON object');

	const record = data as Record<string, unknown>;
	const version = typeof record.v === 'string' ? record.v : undefined;
	const type = typeof record.type === 'string' ? record.type : undefined;
	if (!isCompatibleVersion(version, ours)) {
		return fail('version', `protocol ${version ?? '(none)'}, ours ${ours}`, version, type);
	}
	if (type === undefined || !Object.hasOwn(schemas, type)) return fail('bad-shape', `unknown type ${JSON.stringify(type)}`, version, type);
	if (!ALLOWED[topic.kind].includes(type as MessageType)) return fail('unexpected-type', `${type} on ${topic.kind}`, version, type);

	const parsed = schemas[type as MessageType].safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return fail('bad-shape', `${type}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`, version, type);
	}
	const message = parsed.data as Message;
	const expected = expectedSender(topic, message);
	if (expected !== undefined && expected.claimed !== expected.topic) {
		return fail('wrong-sender', `${type} naming ${expected.claimed} on a topic of ${expected.topic}`, version, type);
	}
	return { ok: true, message: cleanStrings(message) };
}

/**
 * Every string a worker sent, cleaned before the master prints or draws it (sanitize.ts).
 * What the master sends a worker is left alone (the plan's code must arrive byte for byte),
 * but for a refusal's reason, which the worker prints.
 */
function cleanStrings(message: Message): Message {
	switch (message.type) {
		case 'hello':
			return { ...message, hostname: cleanText(message.hostname, NAME_MAX), userClasses: message.userClasses.map((c) => cleanText(c, NAME_MAX)) };
		case 'worker-status':
			return message.reason === undefined ? message : { ...message, reason: cleanText(message.reason) };
		case 'worker-heartbeat':
			return { ...message, users: cleanKeys(message.users) };
		case 'stats': {
			const d = message.delta;
			return {
				...message,
				delta: {
					...d,
					endpoints: d.endpoints.map((e) => ({ ...e, method: cleanText(e.method, NAME_MAX), name: cleanText(e.name) })),
					errors: d.errors.map((e) => ({ ...e, method: cleanText(e.method, NAME_MAX), name: cleanText(e.name), error: cleanText(e.error) })),
					exceptions: d.exceptions.map((e) => ({ ...e, message: cleanText(e.message), traceback: cleanLines(e.traceback) })),
				},
			};
		}
		case 'custom':
			return { ...message, name: cleanText(message.name, NAME_MAX) };
		case 'refuse':
			return { ...message, reason: cleanText(message.reason) };
		default:
			return message;
	}
}

/**
 * The id a message names and the id its topic implies, which must agree: a worker's messages
 * carry its own id, commands name their recipient, custom messages on cmd/... come from `master`.
 */
function expectedSender(topic: ParsedTopic, message: Message): { claimed: string; topic: string } | undefined {
	if (message.type === 'custom') {
		const from = topic.kind === 'worker-custom' ? topic.workerId : 'master';
		return from === undefined ? undefined : { claimed: message.from, topic: from };
	}
	if ('workerId' in message && topic.workerId !== undefined) return { claimed: message.workerId, topic: topic.workerId };
	return undefined;
}

function fail(reason: DecodeReason, detail: string, version?: string, type?: string): DecodeResult {
	// The detail quotes what came in (a type, a topic, a parser's snippet): cleaned too.
	return { ok: false, reason, detail: cleanText(detail), version: version === undefined ? undefined : cleanText(version, 16), type: type === undefined ? undefined : cleanText(type, NAME_MAX) };
}
