/**
 * Number formatting shared by every text report (CSV, end-of-run table, status line), so a
 * value reads the same everywhere.
 *
 * The response-time rule: three significant digits, never fewer than whole milliseconds.
 * `0.42`, `2.14`, `12.3`, `123`, `4567`. The histogram keeps 2 significant digits (<= 1 %
 * error), so a third digit is honest; Locust's whole milliseconds would print every request
 * to a fast target as `0` or `1`.
 */

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

/** Elapsed time: `45s`, `12m05s`, `1h02m03s`. */
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

/** Round to a number of decimals for JSON (keeps numbers numbers; non-finite become 0). */
export function round(value: number, decimals: number): number {
	if (!Number.isFinite(value)) return 0;
	const f = 10 ** decimals;
	return Math.round(value * f) / f;
}
