/**
 * The run's thresholds: the plan's `export const thresholds = [...]` and the configuration's
 * (`--threshold`, `DROVE_THRESHOLD`, the config file), checked together, duplicates once.
 * A bad one is exit 2 before the run starts, naming where it came from.
 */
import { DroveError } from '../errors.ts';
import { parseThreshold, type Threshold } from './parse-threshold.ts';

/** An expression and where it came from, for the error line: `--threshold`, `plan.ts thresholds[2]`. */
export interface ThresholdSource {
	expression: string;
	from: string;
}

/** The plan's `thresholds` export as sources; a wrong shape is a one-line DroveError. */
export function planThresholdSources(value: unknown, planLabel: string): ThresholdSource[] {
	if (value === undefined) return [];
	if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
		throw new DroveError('PLAN_THRESHOLDS', `${planLabel}: "thresholds" must be an array of strings like 'p95 < 300'`);
	}
	return value.map((expression: string, i) => ({ expression, from: `${planLabel} thresholds[${i}]` }));
}

/** Parses every source; the first bad one throws a one-line DroveError (exit code 2). */
export function buildThresholds(sources: readonly ThresholdSource[]): Threshold[] {
	const seen = new Set<string>();
	const out: Threshold[] = [];
	for (const source of sources) {
		const parsed = parseThreshold(source.expression);
		if (typeof parsed === 'string') throw new DroveError('BAD_THRESHOLD', `${source.from} "${source.expression.trim()}": ${parsed}`);
		if (seen.has(parsed.expression)) continue;
		seen.add(parsed.expression);
		out.push(parsed);
	}
	return out;
}
