/**
 * Finds the plan's own line in a stack: the first frame that is not Drove's source, Node's
 * internals, a dependency or native code. An exception raised inside `res.json()` has
 * `JSON.parse (<anonymous>)` and a Drove frame on top; the person wants the plan line that
 * called it. Pure apart from knowing where this Drove lives.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { droveCodeDirs } from '../package-root.ts';

// `at fn (/abs/file.ts:3:5)`, `at /abs/file.ts:3:5`, `at fn (file:///abs/file.ts:3:5)`.
const framePattern = /^at (?:(.*?) \()?((?:file:\/\/)?\/[^\s()]*?):(\d+):(\d+)\)?$/;

/** One stack frame inside the plan. */
export interface PlanFrame {
	/** Absolute path of the plan file (source-mapped). */
	file: string;
	line: number;
	column: number;
	/** The function's name as the stack gives it, when there is one. */
	fn: string | undefined;
}

/**
 * The first frame of `stack` inside the plan's files, or undefined when there is none. Frames
 * under `droveDirs` (default this Drove's `source/` and built `dist/`), `node_modules` and Node's
 * internals are skipped.
 */
export function firstPlanFrame(stack: string, droveDirs: readonly string[] = droveCodeDirs): PlanFrame | undefined {
	for (const raw of stack.split('\n')) {
		const m = framePattern.exec(raw.trim());
		if (!m || !m[2]) continue;
		const file = m[2].startsWith('file://') ? safeFilePath(m[2]) : m[2];
		if (file === undefined || droveDirs.some((dir) => file.startsWith(dir + sep)) || file.includes('/node_modules/')) continue;
		return { file, line: Number(m[3]), column: Number(m[4]), fn: m[1] || undefined };
	}
	return undefined;
}

function safeFilePath(url: string): string | undefined {
	try {
		return fileURLToPath(url);
	} catch {
		return undefined;
	}
}

/** Show a path relative to the working directory when it lies under it. */
export function displayPath(path: string): string {
	if (!isAbsolute(path)) return path;
	const rel = relative(process.cwd(), path);
	return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Where an exception happened, for a report or a view: the plan's line (`plans/p.ts:3:68`)
 * when the stack has one, else its first frame, else ''.
 */
export function whereInPlan(traceback: string): string {
	const frame = firstPlanFrame(traceback);
	if (frame !== undefined) return `${displayPath(frame.file)}:${frame.line}:${frame.column}`;
	const at = traceback.split('\n').find((line) => /^\s*at\s/.test(line));
	return at === undefined ? '' : at.trim().replace(/^at\s+/, '');
}
