// `npm run bench`: hands over to bench/run.ts (TypeScript, through tsx), which runs every
// benchmark in turn or the ones named. Arguments pass through, e.g.
// `npm run bench -- engine --seconds 5 --rounds 5`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
