/**
 * Turns one raw value (a command-line string, an environment string, a JSON value from the config
 * file) into a flag's typed value, with the same rules whatever the source, so `users: "ten"` in
 * the file and `-u ten` fail alike. Pure: no I/O; the caller adds which source it was.
 */
import type { FlagSpec } from './flag-spec.ts';
import { DURATION_EXPECTED, parseDuration } from './parse-duration.ts';

/** A parsed value, or the problem phrase: `must be a whole number >= 0, got "ten"`. */
export type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);

function fail(problem: string): Parsed {
	return { ok: false, problem };
}

function shown(raw: unknown): string {
	return typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw) ?? String(raw);
}

/** `a whole number >= 0`, `a number > 0`, `a whole number from 1 to 65535`. */
export function numberExpected(flag: FlagSpec): string {
	if (flag.expect) return flag.expect;
	const kind = flag.integer ? 'a whole number' : 'a number';
	if (flag.min !== undefined && flag.max !== undefined) return `${kind} from ${flag.min} to ${flag.max}`;
	if (flag.min !== undefined) return `${kind} ${flag.minExclusive ? '>' : '>='} ${flag.min}`;
	return kind;
}

function parseNumber(flag: FlagSpec, raw: unknown): Parsed {
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && NUMBER.test(raw.trim()) ? Number(raw) : Number.NaN;
	const bad =
		!Number.isFinite(value) ||
		(flag.integer && !Number.isInteger(value)) ||
		(flag.min !== undefined && (flag.minExclusive ? value <= flag.min : value < flag.min)) ||
		(flag.max !== undefined && value > flag.max);
	return bad ? fail(`must be ${numberExpected(flag)}, got ${shown(raw)}`) : { ok: true, value };
}

function parseBoolean(raw: unknown): Parsed {
	if (typeof raw === 'boolean') return { ok: true, value: raw };
	if (typeof raw === 'string') {
		const text = raw.trim().toLowerCase();
		if (TRUE.has(text)) return { ok: true, value: true };
		if (FALSE.has(text)) return { ok: true, value: false };
	}
	return fail(`must be true or false, got ${shown(raw)}`);
}

function parseDurationValue(raw: unknown): Parsed {
	// A JSON number in the config file is seconds, as a bare number on the command line is.
	const text = typeof raw === 'number' && raw >= 0 ? String(raw) : raw;
	const ms = typeof text === 'string' ? parseDuration(text) : undefined;
	return ms === undefined ? fail(`must be ${DURATION_EXPECTED}, got ${shown(raw)}`) : { ok: true, value: ms };
}

function parseList(raw: unknown): Parsed {
	const parts = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((item) => typeof item === 'string') ? raw : undefined;
	if (!parts) return fail(`must be a comma-separated list or an array of strings, got ${shown(raw)}`);
	const items = parts.flatMap((part: string) => part.split(',')).map((item) => item.trim()).filter((item) => item !== '');
	return { ok: true, value: [...new Set(items)] };
}

function parseString(raw: unknown): Parsed {
	if (typeof raw !== 'string') return fail(`must be a string, got ${shown(raw)}`);
	if (raw.trim() === '') return fail('needs a value');
	return { ok: true, value: raw.trim() };
}

/** Parses and validates one raw value for a flag. */
export function parseValue(flag: FlagSpec, raw: unknown): Parsed {
	let parsed: Parsed;
	switch (flag.type) {
		case 'number': parsed = raw === '' ? fail('needs a value') : parseNumber(flag, raw); break;
		case 'boolean': parsed = parseBoolean(raw); break;
		case 'duration': parsed = raw === '' ? fail('needs a value') : parseDurationValue(raw); break;
		case 'list': parsed = parseList(raw); break;
		case 'string': parsed = parseString(raw); break;
	}
	if (!parsed.ok || !flag.check) return parsed;
	const problem = flag.check(parsed.value);
	return problem ? fail(problem) : parsed;
}
