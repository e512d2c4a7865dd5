/**
 * `--abort-on-threshold`: stop the run early once a threshold has failed for a grace period
 * (pure, an injected clock). The grace keeps a warm-up blip from ending a run; a threshold with
 * no requests yet is not failing live (it has nothing to judge), so a slow start is not an abort,
 * though at the end "no requests" fails it.
 */
import type { ThresholdResult } from './evaluate-thresholds.ts';

/** Default grace, ms. */
export const DEFAULT_ABORT_GRACE_MS = 10_000;

/** Tracks how long each threshold has failed without a break. */
export class ThresholdWatch {
	private readonly failingSince = new Map<string, number>();

	constructor(private readonly graceMs: number = DEFAULT_ABORT_GRACE_MS) {}

	/**
	 * Feed one live evaluation at `now` (ms). Returns the threshold that has failed for the whole
	 * grace period, if one has.
	 */
	observe(results: readonly ThresholdResult[], now: number): ThresholdResult | undefined {
		let breached: ThresholdResult | undefined;
		for (const result of results) {
			const failing = !result.ok && result.value !== null;
			if (!failing) {
				this.failingSince.delete(result.expression);
				continue;
			}
			const since = this.failingSince.get(result.expression) ?? now;
			this.failingSince.set(result.expression, since);
			if (breached === undefined && now - since >= this.graceMs) breached = result;
		}
		return breached;
	}

	/** Forget every clock (stats were reset: the evidence is gone). */
	reset(): void {
		this.failingSince.clear();
	}
}

/** The stop reason line: `threshold "p95 < 300" failed for 10s (p95 412ms)`. */
export function abortReasonText(result: ThresholdResult, graceMs: number, value: string): string {
	return `threshold "${result.expression}" failed for ${Math.round(graceMs / 1000)}s (${result.metric} ${value})`;
}
