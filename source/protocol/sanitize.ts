/**
 * Strings from the wire are data, never terminal commands: a worker's hostname holding
 * `\u001b[2J` would clear the master's screen, one holding `\n12:00:00 test stopped` would
 * forge a log line, a 65 KB id would flood one. Everything a worker (or a client of the
 * broker) sends is cleaned once, where it enters the master, before any log, status line,
 * dashboard or report sees it. Pure.
 */

/** Names: hostnames, client ids, user classes, message names. */
export const NAME_MAX = 64;
/** One-line texts: reasons, errors, exception messages, endpoint names. */
export const TEXT_MAX = 200;
/** Tracebacks keep their lines. */
export const TRACEBACK_MAX = 4000;

/* eslint-disable no-control-regex -- finding control characters is this module's job */
// ANSI escape sequences (CSI with its parameters, OSC up to BEL or ST, two-byte escapes).
const escapes = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows.
const controls = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const controlsButNewline = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const suspicious = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/* eslint-enable no-control-regex */

function cap(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One line: escapes removed, other controls (newlines too) become spaces, at most `max` characters. */
export function cleanText(text: string, max: number = TEXT_MAX): string {
	if (text.length <= max && !suspicious.test(text)) return text;
	return cap(text.replace(escapes, '').replace(controls, ' '), max);
}

/** Several lines (a traceback): as cleanText, but line breaks stay. */
export function cleanLines(text: string, max: number = TRACEBACK_MAX): string {
	if (text.length <= max && !suspicious.test(text.replaceAll('\n', ''))) return text;
	return cap(text.replace(escapes, '').replaceAll('\r\n', '\n').replace(controlsButNewline, ' '), max);
}

/** A record's keys cleaned as names (user counts by class). */
export function cleanKeys<T>(record: Record<string, T>, max: number = NAME_MAX): Record<string, T> {
	let dirty = false;
	for (const key in record) if (cleanText(key, max) !== key) dirty = true;
	if (!dirty) return record;
	const out: Record<string, T> = {};
	for (const [key, value] of Object.entries(record)) out[cleanText(key, max)] = value;
	return out;
}

/** CSV cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a leading `'`, as OWASP advises. */
export function defuseFormula(cell: string): string {
	return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
