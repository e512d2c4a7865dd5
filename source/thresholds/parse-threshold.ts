/**
 * Thresholds as people write them, k6's idea in Locust's names: `[TARGET:] METRIC OP NUMBER`.
 *
 *     p95 < 300                    ms, over Aggregated
 *     failRatio < 0.01
 *     GET /checkout: p99 < 800     one endpoint, by method and name
 *     /checkout: requests >= 100   by name alone
 *
 * Pure. A bad expression comes back as one phrase saying what is wrong, so the caller can
 * print `--threshold "p96 < 3": unknown metric "p96" ...` and exit 2 before the run starts.
 */
import { suggest } from '../config/suggest.ts';

/** What a threshold can measure. Times are ms; failRatio is 0..1. */
export const THRESHOLD_METRICS = ['p50', 'p66', 'p75', 'p80', 'p90', 'p95', 'p98', 'p99', 'p99.9', 'avg', 'min', 'max', 'rps', 'failRatio', 'failures', 'requests'] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

export const THRESHOLD_OPS = ['<', '<=', '>', '>='] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

/** Which stats row a threshold reads: the total, or one endpoint by name (and method). */
export type ThresholdTarget = { kind: 'aggregated' } | { kind: 'endpoint'; method: string | undefined; name: string };

/** A parsed threshold. */
export interface Threshold {
	/** As written (trimmed). */
	expression: string;
	target: ThresholdTarget;
	metric: ThresholdMetric;
	op: ThresholdOp;
	limit: number;
}

/** Metrics in milliseconds. */
export const MS_METRICS: ReadonlySet<ThresholdMetric> = new Set(['p50', 'p66', 'p75', 'p80', 'p90', 'p95', 'p98', 'p99', 'p99.9', 'avg', 'min', 'max']);

const COMPARISON = /^(.*?)\s*(<=|>=|=<|=>|==|!=|<|>|=)\s*(.*)$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
/** A method is one word of capitals (GET, POST, a custom verb) or `custom` (`ctx.record()`'s). */
const METHOD = /^(?:[A-Z]+|custom)$/;

/** Metric names as written, case-insensitively. */
const BY_LOWER = new Map<string, ThresholdMetric>(THRESHOLD_METRICS.map((m) => [m.toLowerCase(), m]));

function parseTarget(text: string): ThresholdTarget | string {
	const target = text.trim();
	if (target === '') return 'nothing before ":"; write the endpoint as "GET /checkout: p95 < 300" or leave out the colon for all requests';
	if (target === 'Aggregated') return { kind: 'aggregated' };
	const space = target.search(/\s/);
	if (space > 0 && METHOD.test(target.slice(0, space))) {
		return { kind: 'endpoint', method: target.slice(0, space), name: target.slice(space).trim() };
	}
	return { kind: 'endpoint', method: undefined, name: target };
}

/** Parses one expression; returns the threshold or the problem phrase. */
export function parseThreshold(raw: string): Threshold | string {
	const expression = String(raw).trim();
	if (expression === '') return 'is empty; write it as [TARGET:] METRIC OP NUMBER, like "p95 < 300"';
	const colon = expression.lastIndexOf(':');
	const target = colon >= 0 ? parseTarget(expression.slice(0, colon)) : ({ kind: 'aggregated' } as const);
	if (typeof target === 'string') return target;
	const rest = expression.slice(colon + 1).trim();
	const match = COMPARISON.exec(rest);
	if (!match) return 'no comparison; write it as [TARGET:] METRIC OP NUMBER with OP one of < <= > >=, like "p95 < 300"';
	const [, metricText, op, numberText] = match as unknown as [string, string, string, string];
	const metric = BY_LOWER.get(metricText.toLowerCase());
	if (metricText === '') return `no metric before "${op}"; one of ${THRESHOLD_METRICS.join(' ')}`;
	if (metric === undefined) {
		const hint = suggest(metricText, THRESHOLD_METRICS);
		return `unknown metric "${metricText}"${hint ? ` (did you mean ${hint}?)` : ''}; one of ${THRESHOLD_METRICS.join(' ')}`;
	}
	if (!(THRESHOLD_OPS as readonly string[]).includes(op)) return `"${op}" is not a comparison Drove knows; use one of < <= > >=`;
	if (numberText === '') return `no number after "${op}"`;
	if (!NUMBER.test(numberText)) {
		const unit = /^([+-]?[\d.]+)\s*(ms|%|s)$/i.exec(numberText);
		if (unit && MS_METRICS.has(metric)) return `"${numberText}": give a plain number of milliseconds, like ${metric} ${op} ${unit[2]!.toLowerCase() === 's' ? Number(unit[1]) * 1000 : unit[1]}`;
		if (unit && metric === 'failRatio') return `"${numberText}": failRatio is a ratio 0..1; write ${unit[2] === '%' ? Number(unit[1]) / 100 : unit[1]}`;
		return `"${numberText}" is not a number`;
	}
	const limit = Number(numberText);
	if (metric === 'failRatio' && (limit < 0 || limit > 1)) return `failRatio is a ratio from 0 to 1, got ${numberText}${limit > 1 && limit <= 100 ? ` (for ${limit}% write ${limit / 100})` : ''}`;
	if (limit < 0) return `${metric} is never negative, got ${numberText}`;
	return { expression, target, metric, op: op as ThresholdOp, limit };
}

/** How a threshold's target reads: `Aggregated`, `GET /checkout`, `/checkout`. */
export function targetLabel(target: ThresholdTarget): string {
	if (target.kind === 'aggregated') return 'Aggregated';
	return target.method === undefined ? target.name : `${target.method} ${target.name}`;
}
