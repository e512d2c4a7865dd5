/**
 * Every number, duration and byte count Drove shows a person, formatted by one set of rules: the
 * dashboard, the end-of-run table, the status line, CSV, JSON, HTML, JUnit and threshold messages
 * all import from here, so one value reads the same everywhere (a failure never reads as 0 % in
 * one place and `<0.01%` in another).
 *
 * Two precisions, because the places differ in room, not in meaning:
 * - `format*`: the reports' full precision. A response time has three significant digits, never
 *   fewer than whole milliseconds (`0.42`, `2.14`, `12.3`, `123`, `4567`): the histogram keeps 2
 *   significant digits (<= 1 % error), so a third digit is honest, and Locust's whole
 *   milliseconds would print every request to a fast target as `0` or `1`. Non-finite values
 *   print as `0`, so no report ever shows NaN.
 * - `compact*`: the dashboard's narrow cells (8 columns hold any realistic count: `12.3k`).
 *   A dash stands for "no value".
 * Percentages, durations, ages and clock times have one rule each, used by both.
 *
 * Text cells (`truncate`, `fit`) measure terminal columns with string-width, as Ink does.
 */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

const dash = '-';

// Full precision: the reports.

/**
 * A response time for humans and CSV: 2 decimals below 10 ms, 1 below 100 ms, whole ms above.
 * Non-finite values print as `0`, so no report ever shows NaN.
 * @param ms milliseconds
 */
export function formatMs(ms: number): string {
	if (!Number.isFinite(ms) || ms <= 0) return '0';
	if (ms < 9.995) return ms.toFixed(2);
	if (ms < 99.95) return ms.toFixed(1);
	return String(Math.round(ms));
}

/** A rate per second with 2 decimals (`0.00` when not finite). */
export function formatRate(perSecond: number): string {
	return Number.isFinite(perSecond) ? perSecond.toFixed(2) : '0.00';
}

/** An integer with thousands separators: `12,345`. */
export function formatCount(n: number): string {
	if (!Number.isFinite(n)) return '0';
	return Math.round(n).toLocaleString('en-US');
}

/** Round to a number of decimals for JSON (keeps numbers numbers; non-finite become 0). */
export function round(value: number, decimals: number): number {
	if (!Number.isFinite(value)) return 0;
	const f = 10 ** decimals;
	return Math.round(value * f) / f;
}

// Compact: the dashboard's narrow cells.

/** A response time in ms: `0.4`, `12`, `1234`, then seconds past 100 s (`123s`). */
export function compactMs(ms: number): string {
	if (!Number.isFinite(ms)) return dash;
	if (ms < 10) return ms.toFixed(1);
	if (ms < 100_000) return String(Math.round(ms));
	return `${Math.round(ms / 1000)}s`;
}

/** A count: `987`, `12.3k`, `4.56M`, so 8 columns hold any realistic request count. */
export function compactCount(n: number): string {
	if (!Number.isFinite(n)) return dash;
	const abs = Math.abs(n);
	if (abs < 100_000) return String(Math.round(n));
	if (abs < 10_000_000) return `${(n / 1000).toFixed(abs < 1_000_000 ? 1 : 0)}k`;
	return `${(n / 1_000_000).toFixed(abs < 100_000_000 ? 2 : 0)}M`;
}

/** A rate per second: one decimal below 1000, then like a count. */
export function compactRate(perSecond: number): string {
	if (!Number.isFinite(perSecond)) return dash;
	if (Math.abs(perSecond) < 1000) return perSecond.toFixed(1);
	return compactCount(perSecond);
}

/** Bytes: `512`, `12.3K`, `45M`, `1.2G` (binary units). */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return dash;
	const units = ['', 'K', 'M', 'G', 'T'];
	let value = bytes;
	let unit = 0;
	while (Math.abs(value) >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	if (unit === 0) return String(Math.round(value));
	return `${value < 10 ? value.toFixed(1) : Math.round(value)}${units[unit]}`;
}

// One rule for both.

/** A ratio 0..1 as a percentage with up to 2 decimals: `0%`, `<0.01%`, `0.04%`, `12.5%`, `100%`. */
export function formatPercent(ratio: number): string {
	if (!Number.isFinite(ratio) || ratio <= 0) return '0%';
	const percent = ratio * 100;
	// A failure must never read as 0 %.
	if (percent < 0.005) return '<0.01%';
	if (percent >= 99.95) return percent >= 100 ? '100%' : '99.9%';
	const text = percent < 10 ? percent.toFixed(2) : percent.toFixed(1);
	return `${text.replace(/\.?0+$/, '')}%`;
}

/** Elapsed time in words, for lines and reports: `45s`, `12m05s`, `1h02m03s`. */
export function formatElapsed(ms: number): string {
	const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const pad = (n: number) => String(n).padStart(2, '0');
	if (h > 0) return `${h}h${pad(m)}m${pad(s)}s`;
	if (m > 0) return `${m}m${pad(s)}s`;
	return `${s}s`;
}

/** Elapsed time as a stopwatch shows it, for the header and chart axes: `0:07`, `12:34`, `1:02:03`. */
export function formatStopwatch(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) return dash;
	const total = Math.floor(ms / 1000);
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	const ss = String(seconds).padStart(2, '0');
	if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
	return `${minutes}:${ss}`;
}

/** A short age: `0.4s`, `12s`, `3m`, `2h`. */
export function formatAge(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) return dash;
	if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
	if (ms < 120_000) return `${Math.round(ms / 1000)}s`;
	if (ms < 7_200_000) return `${Math.round(ms / 60_000)}m`;
	return `${Math.round(ms / 3_600_000)}h`;
}

/** Wall-clock time of day, UTC, `HH:MM:SS` (servers log in UTC; so does the dashboard). */
export function formatClock(epochMs: number): string {
	if (!Number.isFinite(epochMs)) return '--:--:--';
	return new Date(epochMs).toISOString().slice(11, 19);
}

// Text cells.

/** Control characters that would break a cell's line become spaces. */
function oneLine(text: string): string {
	return text.replace(/[\r\n\t]+/g, ' ');
}

/**
 * cli-truncate cuts by columns, but a wide character that straddles the cut can leave the
 * result one column over: ask again one narrower until it fits.
 */
function cutTo(text: string, width: number, position: 'end' | 'middle'): string {
	let cut = cliTruncate(text, width, { position });
	for (let room = width - 1; room > 0 && stringWidth(cut) > width; room--) cut = cliTruncate(text, room, { position });
	return stringWidth(cut) > width ? '…' : cut;
}

/**
 * Cut text to at most `width` terminal columns, ending with an ellipsis when cut. Measured with
 * string-width, as Ink measures, so a wide (CJK) character counts two columns.
 */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	return cutTo(oneLine(text), width, 'end');
}

/**
 * Cut text to at most `width` columns by taking out its middle: for ids whose unique part
 * is the end (`host-name-7f3a`), so two cut ids still differ.
 */
export function truncateMiddle(text: string, width: number): string {
	if (width <= 0) return '';
	if (width < 5) return truncate(text, width);
	return cutTo(oneLine(text), width, 'middle');
}

/** Pad (or cut) text to exactly `width` columns, left- or right-aligned. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', cutMiddle = false): string {
	const cut = cutMiddle ? truncateMiddle(text, width) : truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - stringWidth(cut)));
	return align === 'left' ? cut + pad : pad + cut;
}
