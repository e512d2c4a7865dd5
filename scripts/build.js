// Builds dist/ from source/: the JavaScript that bin/drove.js runs. `npm install` runs it
// (package.json's `prepare`), and so does test/run.js before every test run, so a person and the
// tests run the same code. Every dynamic import() in source/ becomes a chunk of its own, so a
// process loads only the code its role needs (a worker never loads the dashboard, the broker
// or esbuild).
//
// npm packages are bundled in too, but for those in EXTERNAL: one file parsed instead of
// hundreds of small modules resolved and read one by one (mqtt's dozens, zod's 95, meow's)
// takes a worker about a third less time to load and about 10 MB less memory. They stay as
// they are on disk, only copied into the chunks that use them, and unused ES exports dropped.
//
//   node scripts/build.js            build once (about a second)
//   node scripts/build.js --watch    rebuild on every change to source/
import { build, context } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Loaded from node_modules as they are: esbuild runs its own binary from its package; Ink and
// React are the dashboard's alone (a chunk of their own anyway) and Ink loads Yoga's WebAssembly;
// undici and tough-cookie are loaded with require() on purpose (source/engine/). Aedes is
// bundled (into the master's chunk, sharing mqtt-packet with mqtt.js): loading the master's
// code took 0.80x the CPU and 0.71x the wall time, and 3.8 MB less peak RSS, than Aedes's
// files read one by one from node_modules (bench/README.md, 2026-11-30 session 3).
const EXTERNAL = ['esbuild', 'ink', 'react', 'react/*', 'undici', 'undici/*', 'tough-cookie'];

/**
 * meow's bundled dependencies sort a table of licence misspellings (spdx-correct's) with
 * localeCompare when they load, in every Drove process: that one call pages about 2 MB of ICU's
 * collation data into each process's RSS and costs 8-15 ms of its start (bench/README.md,
 * session 4). The table is ASCII, ordered by length first, so comparing the upper-cased names
 * by code point gives the same order. The build fails if meow no longer has that line, so an
 * upgrade is looked at, not silently left slower.
 */
const meowWithoutCollation = {
	name: 'meow-without-collation',
	setup(build) {
		build.onLoad({ filter: /[\\/]meow[\\/]build[\\/]dependencies\.js$/ }, async (args) => {
			const source = await readFile(args.path, 'utf8');
			const sorted = 'return a[0].toUpperCase().localeCompare(b[0].toUpperCase())';
			if (!source.includes(sorted)) throw new Error(`${args.path}: spdx-correct's localeCompare sort is gone; see meowWithoutCollation in scripts/build.js`);
			const byCodePoint = 'const x = a[0].toUpperCase(), y = b[0].toUpperCase(); return x < y ? -1 : x > y ? 1 : 0';
			return { contents: source.replace(sorted, byCodePoint), loader: 'js' };
		});
	},
};

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
	external: EXTERNAL,
	// Bundled CommonJS packages call require() for Node's built-ins.
	banner: { js: "import { createRequire as __droveCreateRequire } from 'node:module'; const require = __droveCreateRequire(import.meta.url);" },
	jsx: 'automatic',
	// Error names and stack traces keep the source's class and function names.
	keepNames: true,
	sourcemap: true,
	// Without comments and indentation the chunks are about 1.4 MB of source instead of 2.4, and
	// V8 keeps every loaded script's source in the heap: an em dash in one bundled comment made
	// the shared chunk a two-byte string, 3.9 MB of each worker's heap for 2 MB of file. Names
	// stay (keepNames, no minifyIdentifiers); DROVE_DEBUG=1 maps stack traces to source/.
	minifyWhitespace: true,
	minifySyntax: true,
	logLevel: 'warning',
	plugins: [meowWithoutCollation],
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
if (process.argv.includes('--watch')) {
	const ctx = await context({ ...options, logLevel: 'info' });
	await ctx.watch();
} else {
	await build(options);
}
