/**
 * Number and text formatting for narrow terminal cells. Every function returns a short,
 * fixed-meaning string and never throws on NaN or Infinity (a dash stands for "no value").
 */

const dash = '-';

/** A response time in ms: `0.4`, `12`, `1234`, then seconds past 100 s (`123s`). */
export function formatMs(ms: number): string {
	if (!Number.isFinite(ms)) return dash;
	if (ms < 10) return ms.toFixed(1);
	if (ms < 100_000) return String(Math.round(ms));
	return `${Math.round(ms / 1000)}s`;
}

/** A count: `987`, `12.3k`, `4.56M`, so 8 columns hold any realistic request count. */
export function formatCount(n: number): string {
	if (!Number.isFinite(n)) return dash;
	const abs = Math.abs(n);
	if (abs < 100_000) return String(Math.round(n));
	if (abs < 10_000_000) return `${(n / 1000).toFixed(abs < 1_000_000 ? 1 : 0)}k`;
	return `${(n / 1_000_000).toFixed(abs < 100_000_000 ? 2 : 0)}M`;
}

/** A rate per second: one decimal below 1000, then like a count. */
export function formatRate(perSecond: number): string {
	if (!Number.isFinite(perSecond)) return dash;
	if (Math.abs(perSecond) < 1000) return perSecond.toFixed(1);
	return formatCount(perSecond);
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

/** A ratio 0..1 as a percentage: `0%`, `0.3%`, `12%`. */
export function formatPercent(ratio: number): string {
	if (!Number.isFinite(ratio)) return dash;
	const percent = ratio * 100;
	if (percent <= 0) return '0%';
	// A failure must never read as 0 %, as in the reports (report/format.ts).
	if (percent < 0.05) return '<0.1%';
	if (percent < 10) return `${percent.toFixed(1)}%`;
	return `${Math.round(percent)}%`;
}

/** A duration: `0:07`, `12:34`, `1:02:03`. */
export function formatDuration(ms: number): string {
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

/**
 * Cut text to at most `width` characters, ending with an ellipsis when cut. Counts code
 * points; names in load tests are URL paths, so wide (CJK) characters are not measured.
 */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	const chars = Array.from(text.replace(/[\r\n\t]+/g, ' '));
	if (chars.length <= width) return chars.join('');
	if (width === 1) return '…';
	return `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * Cut text to at most `width` characters by taking out its middle: for ids whose unique part
 * is the end (`host-name-7f3a`), so two cut ids still differ.
 */
export function truncateMiddle(text: string, width: number): string {
	if (width <= 0) return '';
	const chars = Array.from(text.replace(/[\r\n\t]+/g, ' '));
	if (chars.length <= width) return chars.join('');
	if (width < 5) return truncate(text, width);
	const tail = Math.floor((width - 1) / 2);
	const head = width - 1 - tail;
	return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** Pad (or cut) text to exactly `width` characters, left- or right-aligned. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', cutMiddle = false): string {
	const cut = cutMiddle ? truncateMiddle(text, width) : truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - Array.from(cut).length));
	return align === 'left' ? cut + pad : pad + cut;
}
