#!/usr/bin/env node
// The `drove` command. Drove ships its TypeScript source and runs it through tsx's loader,
// the same loader that reads users' plans, so there is no build step to go stale.
import { register } from 'tsx/esm/api';

register();
await import('../source/cli.tsx');
