/** One-line errors for plans that do not load: `plan.ts:12:5: what is wrong`. */
import { relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DroveError } from '../errors.ts';

/** Show a path relative to the working directory when it lies under it. */
export function displayPath(path: string): string {
	if (!isAbsolute(path)) return path;
	const rel = relative(process.cwd(), path);
	return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A plan error at `where` (`/abs/plan.ts:12:5` or a bare path). */
export function planError(where: string, message: string): DroveError {
	const oneLine = message.split('\n')[0]?.trim() ?? '';
	return new DroveError('PLAN_LOAD', `${displayPath(where)}: ${oneLine}`);
}

const frame = /\(?((?:file:\/\/)?\/[^\s()]*?):(\d+):(\d+)\)?\s*$/;

/**
 * Where an error thrown while the plan's module ran came from: the first stack frame in the
 * plan's own files (source-mapped), skipping Drove's source and Node's internals.
 */
export function whereThrown(error: unknown, label: string, droveDirs: readonly string[]): string {
	const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
	for (const line of stack.split('\n').slice(1)) {
		const m = frame.exec(line.trim());
		if (!m || !m[1]) continue;
		const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
		if (droveDirs.some((dir) => file.startsWith(dir + sep)) || file.includes('/node_modules/tsx/')) continue;
		return `${file}:${m[2]}:${m[3]}`;
	}
	return label;
}
