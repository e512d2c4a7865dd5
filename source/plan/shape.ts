/**
 * Load shapes: how many users a run wants over time, as Locust's `LoadTestShape` and k6's
 * `stages`. A plan exports at most one, made by `stages()` or `loadShape()`, under any name;
 * the loader finds it by its brand, as it finds user classes. The arithmetic lives in
 * source/shape/; this file is the plan-facing API and its validation.
 */
import { parseDuration } from '../config/parse-duration.ts';
import type { EndpointStats } from '../stats/snapshot.ts';

const shapeBrand = Symbol.for('drove.shape');

/** One stage as a plan writes it. */
export interface Stage {
	/** How long the stage lasts: `30s`, `2m`, `1h30m`, or a number of seconds. */
	duration: string | number;
	/** The user count the stage moves to. */
	users: number;
	/** Users started (or stopped) per second; default: the rate that reaches `users` exactly at the stage's end. */
	spawnRate?: number;
}

/** A stage with its duration in ms, as the stage arithmetic reads it. */
export interface ResolvedStage {
	durationMs: number;
	users: number;
	spawnRate?: number;
}

/** What a tick shape returns: the target from now on. */
export interface ShapeTarget {
	users: number;
	/** Users per second; default: reach `users` within one second. */
	spawnRate?: number;
	/** Spawn only these user classes from now on (by export name), as Locust 2.x's shape tick. */
	userClasses?: string[];
}

/** What a tick shape is called with, every second. */
export interface ShapeTickInput {
	/** Seconds the shape has run (its clock stops while manual control pauses it). */
	elapsed: number;
	/** Users running now, fleet-wide. */
	users: number;
	/** The Aggregated row of the run's stats so far. */
	stats: EndpointStats;
}

/** A Locust-style tick: the target, or null (or undefined) to end the run. */
export type ShapeTick = (input: ShapeTickInput) => ShapeTarget | null | undefined;

/** A shape as `stages()` or `loadShape()` returns it; recognised across module copies by its brand. */
export type LoadShape =
	| { readonly [shapeBrand]: true; readonly kind: 'stages'; readonly stages: readonly ResolvedStage[] }
	| { readonly [shapeBrand]: true; readonly kind: 'tick'; readonly tick: ShapeTick };

/** Checks one stage; returns the problem phrase or the resolved stage. */
export function resolveStage(stage: Stage, index: number): ResolvedStage | string {
	const where = `stage ${index + 1}`;
	if (typeof stage !== 'object' || stage === null) return `${where}: expected { duration, users }`;
	const durationMs = typeof stage.duration === 'number' ? (stage.duration > 0 && Number.isFinite(stage.duration) ? Math.round(stage.duration * 1000) : undefined) : parseDuration(String(stage.duration));
	if (durationMs === undefined || durationMs <= 0) return `${where}: duration must be longer than 0s, like 30s, 2m or 1h30m, got ${JSON.stringify(stage.duration)}`;
	if (!Number.isInteger(stage.users) || stage.users < 0) return `${where}: users must be a whole number >= 0, got ${JSON.stringify(stage.users)}`;
	if (stage.spawnRate !== undefined && !(typeof stage.spawnRate === 'number' && Number.isFinite(stage.spawnRate) && stage.spawnRate > 0)) {
		return `${where}: spawnRate must be a number > 0, got ${JSON.stringify(stage.spawnRate)}`;
	}
	return { durationMs, users: stage.users, ...(stage.spawnRate !== undefined && { spawnRate: stage.spawnRate }) };
}

/** Stages resolved, or the first problem phrase. */
export function resolveStages(list: readonly Stage[]): ResolvedStage[] | string {
	if (!Array.isArray(list) || list.length === 0) return 'expected a non-empty array of { duration, users, spawnRate? }';
	const out: ResolvedStage[] = [];
	for (const [i, stage] of list.entries()) {
		const resolved = resolveStage(stage, i);
		if (typeof resolved === 'string') return resolved;
		out.push(resolved);
	}
	return out;
}

/**
 * k6-style stages: each lasts `duration` and moves the user count to `users`; the run ends
 * when the last stage does.
 */
export function stages(list: Stage[]): LoadShape {
	const resolved = resolveStages(list);
	if (typeof resolved === 'string') throw new TypeError(`stages(): ${resolved}`);
	return shapeFromStages(resolved);
}

/** A stages shape from stages already resolved (the `--stages` flag's). */
export function shapeFromStages(resolved: readonly ResolvedStage[]): LoadShape {
	return { [shapeBrand]: true, kind: 'stages', stages: Object.freeze([...resolved]) };
}

/** A Locust-style shape: `tick` is called every second and returns the target, or null to end the run. */
export function loadShape(tick: ShapeTick): LoadShape {
	if (typeof tick !== 'function') throw new TypeError('loadShape(): expected a function ({ elapsed, users, stats }) => ({ users, spawnRate }) | null');
	return { [shapeBrand]: true, kind: 'tick', tick };
}

/** True for a value made by any copy of `stages()` or `loadShape()`. */
export function isLoadShape(value: unknown): value is LoadShape {
	return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[shapeBrand] === true;
}
