/** Test helpers for the engine: classes from options, an engine closed after the test. */
import type { TestContext } from 'node:test';
import { Engine, type EngineOptions } from '../../source/engine/engine.ts';
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

/** Resolve on the engine's next 'spawning-complete'. */
export function spawningComplete(engine: Engine, timeoutMs = 20_000): Promise<Record<string, number>> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('spawning did not complete')), timeoutMs);
		engine.once('spawning-complete', (counts) => {
			clearTimeout(timer);
			resolve(counts);
		});
	});
}
