/**
 * The protocol version every Drove message carries as `v`, written `major.minor`.
 * A minor bump only adds optional fields (old peers ignore them); a major bump may change
 * anything, so peers of different majors refuse each other with a clear line.
 */
export const PROTOCOL_VERSION = '1.2';

/** A parsed `major.minor`. */
export interface ProtocolVersion {
	major: number;
	minor: number;
}

/** Parses `major.minor`; undefined when it is not two non-negative integers. */
export function parseVersion(text: unknown): ProtocolVersion | undefined {
	if (typeof text !== 'string') return undefined;
	const match = /^(\d{1,6})\.(\d{1,6})$/.exec(text);
	if (!match) return undefined;
	return { major: Number(match[1]), minor: Number(match[2]) };
}

/** True when `other` can talk to `ours`: same major (minors may differ either way). */
export function isCompatibleVersion(other: unknown, ours: string = PROTOCOL_VERSION): boolean {
	const a = parseVersion(other);
	const b = parseVersion(ours);
	return a !== undefined && b !== undefined && a.major === b.major;
}
