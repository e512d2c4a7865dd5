// `npm run bench`: runs the benchmarks (TypeScript, through tsx). Arguments pass through,
// e.g. `npm run bench -- --seconds 10 --rounds 5 --idle-users 10000`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/engine.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
