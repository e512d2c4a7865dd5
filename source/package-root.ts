/**
 * Where Drove's own files are, whether this process runs the build (dist/, what `drove` runs)
 * or the TypeScript source through tsx (the unit tests). Bundling moves this module into a
 * chunk of dist/, so a path relative to it would differ between the two: the package root is
 * found instead, as the nearest directory above with a package.json (source/ and dist/ have none).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

function findRoot(from: string): string {
	for (let dir = from; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
	}
}

/** The directory of Drove's package.json. */
export const packageRoot = findRoot(dirname(self));

/** True when this process runs the built JavaScript, false when it runs source/ through tsx. */
export const compiled = !/\.tsx?$/.test(self);

/** The `drove` module plans import, in the form this process runs. */
export const droveModulePath = join(packageRoot, compiled ? 'dist/index.js' : 'source/index.ts');

/** Drove's own code: stack frames in these are not the plan's. */
export const droveCodeDirs: readonly string[] = [join(packageRoot, 'source'), join(packageRoot, 'dist')];

/** A file of the package, by its path from the package root. */
export function packageFile(path: string): string {
	return join(packageRoot, path);
}
