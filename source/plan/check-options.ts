/**
 * Strict options for the plan API: an unknown key is a mistake, never silently ignored. A
 * misspelled `wait_time` once ran users with no wait at all, hundreds of times the load meant.
 * Pure: the callers throw (at load time the loader turns it into `plan.ts:LINE:COL: ...`).
 */
import { suggest } from '../config/suggest.ts';

/** What people who come from Locust (Python) type, and what Drove calls it. */
const locustNames: Readonly<Record<string, string>> = {
	wait_time: 'waitTime',
	fixed_count: 'fixedCount',
	on_start: 'onStart',
	on_stop: 'onStop',
	catch_response: 'catchResponse',
	min_wait: 'waitTime: between(min, max)',
	max_wait: 'waitTime: between(min, max)',
	params: 'query',
	data: 'body',
};

/**
 * Why `key` is not an option, with the fix when one is likely: Locust's spelling, or the
 * closest known name. `what` names the call, e.g. `user()`.
 */
export function unknownOption(what: string, key: string, known: readonly string[]): string {
	const locust = locustNames[key];
	if (locust !== undefined && known.includes(locust.split(':')[0]!)) return `${what}: unknown option '${key}': Drove spells Locust's ${key} as ${locust}`;
	const near = suggest(key, known);
	const hint = near === undefined ? `; the options are ${known.join(', ')}` : `; did you mean '${near}'?`;
	return `${what}: unknown option '${key}'${hint}`;
}

/** The first key of `options` that is not in `known`, or undefined. */
export function firstUnknownKey(options: object, known: ReadonlySet<string>): string | undefined {
	for (const key in options) if (!known.has(key)) return key;
	return undefined;
}

/**
 * Throws a TypeError when `options` is not a plain object or has a key not in `known`.
 * Undefined passes (every option is optional).
 */
export function checkOptions(what: string, options: unknown, known: readonly string[]): void {
	if (options === undefined) return;
	if (typeof options !== 'object' || options === null || Array.isArray(options)) {
		throw new TypeError(`${what}: expected an options object, got ${describe(options)}`);
	}
	for (const key of Object.keys(options)) {
		if (!known.includes(key)) throw new TypeError(unknownOption(what, key, known));
	}
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'function' ? 'a function' : typeof value === 'string' ? JSON.stringify(value) : String(value);
}
