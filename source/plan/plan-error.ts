/** One-line errors for plans that do not load: `plan.ts:12:5: what is wrong`. */
import { DroveError } from '../errors.ts';
import { droveCodeDirs } from '../package-root.ts';
import { displayPath, firstPlanFrame } from './plan-frame.ts';

export { displayPath } from './plan-frame.ts';

/** A plan error at `where` (`/abs/plan.ts:12:5` or a bare path). */
export function planError(where: string, message: string): DroveError {
	const oneLine = message.split('\n')[0]?.trim() ?? '';
	return new DroveError('PLAN_LOAD', `${displayPath(where)}: ${oneLine}`);
}

/**
 * Where an error thrown while the plan's module ran came from: the first stack frame in the
 * plan's own files (source-mapped), skipping Drove's source and Node's internals.
 */
export function whereThrown(error: unknown, label: string, droveDirs: readonly string[] = droveCodeDirs): string {
	const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
	const frame = firstPlanFrame(stack.split('\n').slice(1).join('\n'), droveDirs);
	return frame === undefined ? label : `${frame.file}:${frame.line}:${frame.column}`;
}
