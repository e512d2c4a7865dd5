/** Test helpers for the engine: classes from options, an engine closed after the test. */
import type { TestContext } from 'node:test';
import { Engine, type EngineEvents, type EngineOptions } from '../../source/engine/engine.ts';
import { user, type UserOptions } from '../../source/index.ts';
import { toUserClass, type UserClass } from '../../source/plan/user.ts';
import { CollectingSink } from './collecting-sink.ts';

/** A user class as the loader would make it from `export const <name> = user(options)`. */
export function userClass(name: string, options: UserOptions): UserClass {
	return toUserClass(name, user(options));
}

/** An engine over these classes with a collecting sink, closed after the test. */
export function useEngine(
	t: TestContext,
	classes: UserClass[],
	options: Partial<EngineOptions> = {},
): { engine: Engine; sink: CollectingSink; warnings: string[] } {
	const sink = new CollectingSink();
	const warnings: string[] = [];
	const engine = new Engine({
		plan: { userClasses: classes },
		sink,
		worker: { index: 0, count: 1 },
		onWarning: (m) => warnings.push(m),
		...options,
	});
	t.after(() => engine.close());
	return { engine, sink, warnings };
}

/** Resolve on the engine's next 'spawning-complete', with the counts it reached. */
export async function spawningComplete(engine: Engine, timeoutMs = 20_000): Promise<Record<string, number>> {
	const [first] = await engineEvents(engine, 'spawning-complete', 1, timeoutMs);
	return first![0];
}

/**
 * Resolve with the arguments of the engine's next `count` emissions of `event` (listening starts
 * now, so subscribe before the action that causes them). Rejects after `timeoutMs` saying how
 * many came: a generous bound for a slow machine, never a measurement.
 */
export function engineEvents<E extends keyof EngineEvents>(engine: Engine, event: E, count: number, timeoutMs = 20_000): Promise<EngineEvents[E][]> {
	return new Promise((resolve, reject) => {
		const seen: EngineEvents[E][] = [];
		const listener = (...args: EngineEvents[E]): void => {
			seen.push(args);
			if (seen.length < count) return;
			stop();
			resolve(seen);
		};
		const timer = setTimeout(() => {
			stop();
			reject(new Error(`${event}: ${seen.length} of ${count} within ${timeoutMs} ms`));
		}, timeoutMs);
		const stop = (): void => {
			clearTimeout(timer);
			engine.off(event, listener as never);
		};
		// `as never`: TypeScript cannot match a generic event's listener to node's conditional listener type.
		engine.on(event, listener as never);
	});
}
