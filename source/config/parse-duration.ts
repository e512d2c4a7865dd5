/**
 * Run times and timeouts as people type them, Locust's way: `30s`, `5m`, `1h30m`, `2h`, and a bare
 * number meaning seconds (`90`, `0.5`). Drove adds `ms` for the sub-second intervals tests use
 * (`250ms`). Anything else is refused rather than guessed at: `5 min` or `1.5h` would otherwise
 * silently become something the user did not mean.
 */

/** Hours, minutes, seconds, milliseconds: each at most once, in this order, whole numbers. */
const UNITS = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;
/** A bare number of seconds, decimals allowed. */
const BARE_SECONDS = /^\d+(?:\.\d+)?$/;

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/** What a duration must look like, for error messages. */
export const DURATION_EXPECTED = 'a duration like 30s, 5m, 1h30m, 250ms or a number of seconds';

/**
 * Parses a duration.
 * @param text What the user typed, e.g. `1h30m`.
 * @returns Milliseconds (whole), or undefined when `text` is not a duration.
 */
export function parseDuration(text: string): number | undefined {
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	if (BARE_SECONDS.test(trimmed)) return Math.round(Number(trimmed) * MS_PER_SECOND);
	const match = UNITS.exec(trimmed);
	if (!match) return undefined;
	const [, hours, minutes, seconds, millis] = match;
	return (
		Number(hours ?? 0) * MS_PER_HOUR +
		Number(minutes ?? 0) * MS_PER_MINUTE +
		Number(seconds ?? 0) * MS_PER_SECOND +
		Number(millis ?? 0)
	);
}

/**
 * Formats milliseconds back into the shortest duration `parseDuration` reads, for help text and
 * `--print-config`: 5400000 → `1h30m`, 250 → `250ms`, 0 → `0s`.
 */
export function formatDuration(ms: number): string {
	if (ms === 0) return '0s';
	let rest = Math.round(ms);
	let text = '';
	for (const [unit, size] of [['h', MS_PER_HOUR], ['m', MS_PER_MINUTE], ['s', MS_PER_SECOND]] as const) {
		const whole = Math.floor(rest / size);
		if (whole > 0) text += `${whole}${unit}`;
		rest -= whole * size;
	}
	if (rest > 0) text += `${rest}ms`;
	return text;
}
