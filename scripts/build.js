// Builds dist/ from source/: the JavaScript that bin/drove.js runs. `npm install` runs it
// (package.json's `prepare`), and so does test/run.js before every test run, so a person and the
// tests run the same code. esbuild bundles Drove's own modules and leaves npm packages as imports
// of node_modules; every dynamic import() in source/ becomes its own chunk, so a process loads
// only the code its role needs (a worker never loads the dashboard, the broker or esbuild).
//
//   node scripts/build.js            build once (about a second)
//   node scripts/build.js --watch    rebuild on every change to source/
import { build, context } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @type {import('esbuild').BuildOptions} */
const options = {
	absWorkingDir: root,
	entryPoints: { cli: 'source/cli.tsx', index: 'source/index.ts' },
	outdir: 'dist',
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	// node_modules stay where they are: loaded by Node, shared with plans, never duplicated.
	packages: 'external',
	jsx: 'automatic',
	// Error names and stack traces keep the source's class and function names.
	keepNames: true,
	sourcemap: true,
	logLevel: 'warning',
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
if (process.argv.includes('--watch')) {
	const ctx = await context({ ...options, logLevel: 'info' });
	await ctx.watch();
} else {
	await build(options);
}
