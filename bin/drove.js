#!/usr/bin/env node
// The `drove` command: runs dist/cli.js, the JavaScript built from source/ by scripts/build.js
// (`npm install` builds it; so does every test run). No TypeScript loader runs here: plans are
// bundled by esbuild when they load, and Drove's own code is already plain JavaScript.
import { existsSync } from 'node:fs';

// React's development build costs the dashboard about twice the CPU; a person who sets
// NODE_ENV keeps theirs.
process.env.NODE_ENV ??= 'production';
// dist/ is minified (scripts/build.js): a stack trace asked for names source/ files and lines.
if (process.env.DROVE_DEBUG) process.setSourceMapsEnabled(true);
const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
	process.stderr.write('drove: not built yet: run `npm run build` (or `npm install`) in the drove directory\n');
	process.exit(70);
}
await import(cli.href);
