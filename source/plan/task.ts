/**
 * Tasks: weighted functions, tagged for `-T/--tags` and `-E/--exclude-tags`, and sequences
 * that run their steps in order.
 */
import type { TaskFn } from './context.ts';
import { checkOptions } from './check-options.ts';

const taskBrand = Symbol.for('drove.task');
const sequenceBrand = Symbol.for('drove.sequence');

/** Options of `task()` and `sequence()`. */
export interface TaskOptions {
	/** Tags matched by `-T/--tags` and `-E/--exclude-tags`. */
	tags?: string[];
}

/** A weighted, tagged task. */
export interface Task {
	readonly [taskBrand]: true;
	readonly weight: number;
	readonly fn: TaskFn;
	readonly tags: readonly string[];
}

/** Steps run in order; between steps the user waits its wait time, as Locust's SequentialTaskSet. */
export interface Sequence {
	readonly [sequenceBrand]: true;
	readonly weight: number;
	readonly steps: readonly (TaskFn | Task)[];
	readonly tags: readonly string[];
}

/** What a user's `tasks` entry can be: a bare function weighs 1. */
export type TaskEntry = TaskFn | Task | Sequence;

/**
 * A weighted task: `task(3, fn)` is picked three times as often as a bare function.
 * `task(fn, { tags })` weighs 1.
 */
export function task(weight: number, fn: TaskFn, options?: TaskOptions): Task;
export function task(fn: TaskFn, options?: TaskOptions): Task;
export function task(a: number | TaskFn, b?: TaskFn | TaskOptions, c?: TaskOptions): Task {
	const weight = typeof a === 'number' ? a : 1;
	const fn = typeof a === 'function' ? a : b;
	const options = (typeof a === 'function' ? b : c) as TaskOptions | undefined;
	if (typeof fn !== 'function') throw new TypeError('task(): expected a function');
	if (!Number.isFinite(weight) || weight < 0) throw new TypeError(`task(): weight must be a number >= 0, got ${String(weight)}`);
	checkOptions('task()', options, ['tags']);
	return { [taskBrand]: true, weight, fn, tags: checkTags('task()', options?.tags) };
}

/**
 * Steps run in order, the wait time between each. As a user's whole `tasks` the user loops
 * over them; as one entry among others it is picked by its weight and then runs all its steps.
 */
export function sequence(steps: (TaskFn | Task)[], options?: TaskOptions & { weight?: number }): Sequence {
	if (!Array.isArray(steps) || steps.length === 0) throw new TypeError('sequence(): expected a non-empty array of tasks');
	for (const step of steps) {
		if (typeof step !== 'function' && !isTask(step)) throw new TypeError('sequence(): every step must be a function or a task()');
	}
	checkOptions('sequence()', options, ['tags', 'weight']);
	const weight = options?.weight ?? 1;
	if (!Number.isFinite(weight) || weight < 0) throw new TypeError(`sequence(): weight must be a number >= 0, got ${String(weight)}`);
	return { [sequenceBrand]: true, weight, steps: [...steps], tags: checkTags('sequence()', options?.tags) };
}

function checkTags(what: string, tags: unknown): string[] {
	if (tags === undefined) return [];
	if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new TypeError(`${what}: tags must be an array of strings`);
	return [...(tags as string[])];
}

/** True for a value made by any copy of `task()`. */
export function isTask(value: unknown): value is Task {
	return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[taskBrand] === true;
}

/** True for a value made by any copy of `sequence()`. */
export function isSequence(value: unknown): value is Sequence {
	return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[sequenceBrand] === true;
}
