#!/usr/bin/env node
// The `drove` command. Drove ships its TypeScript source and runs it through tsx's loader, so
// there is no build step to go stale. tsx reads the tsconfig.json of the working directory by
// default; Drove's own (JSX settings and all) must apply wherever the person runs it from.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// React's development build costs the dashboard about twice the CPU; a person who sets
// NODE_ENV keeps theirs.
process.env.NODE_ENV ??= 'production';
process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../tsconfig.json', import.meta.url));
register();
await import('../source/cli.tsx');
