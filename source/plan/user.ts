/**
 * `user()`: declares a user class. The loader names each class after its export and turns the
 * declaration into a `UserClass` the engine runs.
 */
import type { HttpTls, TaskContext, TaskFn } from './context.ts';
import { isSequence, isTask, type Sequence, type TaskEntry } from './task.ts';
import type { WaitTime } from './wait-time.ts';
import { checkOptions } from './check-options.ts';

const userBrand = Symbol.for('drove.user');

/** What a plan passes to `user()`. */
export interface UserOptions {
	/** Share of the users, relative to the other classes (default 1). */
	weight?: number;
	/** Run exactly this many users of this class (across the whole fleet), before weights share the rest. */
	fixedCount?: number;
	/** Seconds between tasks (default: no wait). */
	waitTime?: WaitTime;
	/** Base URL used when `-H/--host` is not given, e.g. `http://127.0.0.1:8080`. */
	host?: string;
	/** TLS towards https targets for this class (overrides `--insecure`, `--ca-cert`, `--client-cert`/`--client-key` field by field). */
	tls?: HttpTls;
	/** Ask for compressed responses and decode them (each request's `decompress` default). */
	decompress?: boolean;
	/** Runs once when the user starts, before its first task. */
	onStart?: (ctx: TaskContext) => unknown;
	/** Runs once when the user stops. */
	onStop?: (ctx: TaskContext) => unknown;
	/** Named weighted tasks, a list of them, or a `sequence()` looped in order. */
	tasks: Record<string, TaskEntry> | TaskEntry[] | Sequence;
}

/** A user declaration as `user()` returns it; recognised across module copies by its brand. */
export interface UserDefinition {
	readonly [userBrand]: true;
	readonly options: UserOptions;
}

/** One runnable step of a task: a sequence has several. */
export interface TaskDef {
	name: string;
	weight: number;
	tags: string[];
	/** Run in order, the wait time between them. */
	steps: TaskFn[];
}

/** A loaded user class: what the engine spawns. */
export interface UserClass {
	/** The export's name (`default` takes the plan file's base name). */
	name: string;
	weight: number;
	fixedCount?: number;
	host?: string;
	tls?: HttpTls;
	decompress?: boolean;
	/** Undefined: no wait between tasks. */
	waitTime?: WaitTime;
	onStart?: (ctx: TaskContext) => unknown;
	onStop?: (ctx: TaskContext) => unknown;
	tasks: TaskDef[];
	/** True when `tasks` was a `sequence()`: tasks run in order, in a loop, not picked by weight. */
	sequential: boolean;
}

/** Declare a user class. Export it from the plan: the export's name is the class's name. */
export function user(options: UserOptions): UserDefinition {
	if (typeof options !== 'object' || options === null) throw new TypeError('user(): expected an options object');
	checkOptions('user()', options, userOptionNames);
	const { weight = 1, fixedCount } = options;
	if (!Number.isFinite(weight) || weight < 0) throw new TypeError(`user(): weight must be a number >= 0, got ${String(weight)}`);
	if (fixedCount !== undefined && (!Number.isInteger(fixedCount) || fixedCount < 0)) {
		throw new TypeError(`user(): fixedCount must be a whole number >= 0, got ${String(fixedCount)}`);
	}
	if (options.waitTime !== undefined && typeof options.waitTime !== 'function') {
		throw new TypeError('user(): waitTime must be between(), constant(), constantPacing(), constantThroughput() or a function');
	}
	for (const hook of ['onStart', 'onStop'] as const) {
		if (options[hook] !== undefined && typeof options[hook] !== 'function') throw new TypeError(`user(): ${hook} must be a function`);
	}
	if (options.host !== undefined && !/^https?:\/\/[^/]/.test(options.host)) {
		throw new TypeError(`user(): host must be an http:// or https:// URL, got ${JSON.stringify(options.host)}`);
	}
	if (options.tls !== undefined && (typeof options.tls !== 'object' || options.tls === null)) {
		throw new TypeError('user(): tls must be an object such as { insecure: true } or { ca, cert, key }');
	}
	// Normalising here makes a user with no tasks fail at its own line in the plan.
	normaliseTasks(options.tasks);
	return { [userBrand]: true, options };
}

/**
 * The keys `user()` takes: anything else is a mistake (see check-options.ts). A record over
 * `keyof UserOptions`, so an option added to the type without a line here does not compile.
 */
const userOptionKeys: Record<keyof UserOptions, true> = {
	weight: true, fixedCount: true, waitTime: true, host: true, tls: true, decompress: true, onStart: true, onStop: true, tasks: true,
};
const userOptionNames = Object.keys(userOptionKeys);

/** True for a value made by any copy of `user()`. */
export function isUserDefinition(value: unknown): value is UserDefinition {
	return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[userBrand] === true;
}

/** Turn a declaration into the class the engine runs. */
export function toUserClass(name: string, definition: UserDefinition): UserClass {
	const o = definition.options;
	const { tasks, sequential } = normaliseTasks(o.tasks);
	return {
		name,
		weight: o.weight ?? 1,
		...(o.fixedCount !== undefined && { fixedCount: o.fixedCount }),
		...(o.host !== undefined && { host: o.host }),
		...(o.tls !== undefined && { tls: o.tls }),
		...(o.decompress !== undefined && { decompress: o.decompress }),
		...(o.waitTime !== undefined && { waitTime: o.waitTime }),
		...(o.onStart !== undefined && { onStart: o.onStart }),
		...(o.onStop !== undefined && { onStop: o.onStop }),
		tasks,
		sequential,
	};
}

function toTaskDef(name: string, entry: TaskEntry, inheritedTags: readonly string[] = []): TaskDef {
	if (typeof entry === 'function') return { name, weight: 1, tags: [...inheritedTags], steps: [entry] };
	if (isTask(entry)) return { name, weight: entry.weight, tags: [...inheritedTags, ...entry.tags], steps: [entry.fn] };
	if (isSequence(entry)) {
		const tags = [...inheritedTags, ...entry.tags];
		for (const step of entry.steps) if (isTask(step)) tags.push(...step.tags);
		return { name, weight: entry.weight, tags: [...new Set(tags)], steps: entry.steps.map((s) => (typeof s === 'function' ? s : s.fn)) };
	}
	throw new TypeError(`user(): task ${JSON.stringify(name)} is not a function, task() or sequence()`);
}

function normaliseTasks(tasks: UserOptions['tasks']): { tasks: TaskDef[]; sequential: boolean } {
	if (tasks === undefined || tasks === null) throw new TypeError('user(): no tasks: give it `tasks: { name: async (ctx) => { ... } }`');
	let defs: TaskDef[];
	let sequential = false;
	if (isSequence(tasks)) {
		sequential = true;
		defs = tasks.steps.map((step, i) => toTaskDef(stepName(step, i), step, tasks.tags));
	} else if (Array.isArray(tasks)) {
		defs = tasks.map((entry, i) => toTaskDef(stepName(entry, i), entry));
	} else if (typeof tasks === 'object') {
		defs = Object.entries(tasks).map(([name, entry]) => toTaskDef(name, entry));
	} else {
		throw new TypeError('user(): tasks must be an object of tasks, an array or a sequence()');
	}
	if (defs.length === 0) throw new TypeError('user(): no tasks: give it `tasks: { name: async (ctx) => { ... } }`');
	if (!sequential && defs.every((d) => d.weight === 0)) throw new TypeError('user(): every task weighs 0');
	return { tasks: defs, sequential };
}

function stepName(entry: TaskEntry, index: number): string {
	const fn = typeof entry === 'function' ? entry : isTask(entry) ? entry.fn : undefined;
	return fn?.name || `task${index}`;
}

/**
 * Keep the tasks that `-T/--tags` selects and `-E/--exclude-tags` does not reject, as
 * Locust does; classes left with no tasks are dropped. No tags: every task.
 */
export function filterByTags(classes: UserClass[], tags?: string[], excludeTags?: string[]): UserClass[] {
	const include = tags && tags.length > 0 ? new Set(tags) : undefined;
	const exclude = excludeTags && excludeTags.length > 0 ? new Set(excludeTags) : undefined;
	if (!include && !exclude) return classes;
	const out: UserClass[] = [];
	for (const c of classes) {
		const kept = c.tasks.filter((t) => (!include || t.tags.some((x) => include.has(x))) && !(exclude && t.tags.some((x) => exclude.has(x))));
		if (kept.length > 0 && (c.sequential || kept.some((t) => t.weight > 0))) out.push({ ...c, tasks: kept });
	}
	return out;
}
