/**
 * `npm run bench`: runs every benchmark in turn, each in its own process (they measure
 * processes, so none may share one with another). Name some to run only those; every other
 * argument passes through to each benchmark run:
 *
 *   npm run bench                                   engine, master-scale, inbound-cost, dashboard-cost, dashboard-memory, locust
 *   npm run bench -- master-scale --workers 200     one, with its flags
 *   npm run bench -- engine dashboard-cost --seconds 10
 *   npm run bench -- locust --rounds 3               Drove beside Locust (python3-locust)
 *
 * Benchmarks are never part of `npm test`. See bench/README.md for what each measures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Name to script, in the order `npm run bench` runs them. */
const BENCHMARKS = {
	engine: 'bench/engine.ts',
	'master-scale': 'bench/master-scale.ts',
	'inbound-cost': 'bench/inbound-cost.ts',
	'dashboard-cost': 'bench/dashboard-cost.ts',
	'dashboard-memory': 'bench/dashboard-memory.ts',
	locust: 'bench/locust.ts',
} as const;
type Name = keyof typeof BENCHMARKS;

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const isName = (a: string): a is Name => Object.hasOwn(BENCHMARKS, a);
const picked = args.filter(isName);
const rest = args.filter((a) => !isName(a));
if (args.includes('--help') || args.includes('-h')) {
	console.log(`usage: npm run bench -- [${Object.keys(BENCHMARKS).join('|')} ...] [flags for them]`);
	process.exit(0);
}

// The benchmarks that run `node bin/drove.js` measure dist/: build it from the source first.
const built = spawnSync(process.execPath, ['scripts/build.js'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

let failed = 0;
for (const name of picked.length > 0 ? picked : (Object.keys(BENCHMARKS) as Name[])) {
	console.log(`\n== ${name} (${BENCHMARKS[name]}) ==`);
	const code = await new Promise<number>((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', BENCHMARKS[name], ...rest], { cwd: root, stdio: 'inherit' });
		child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
	});
	if (code !== 0) {
		console.log(`${name} failed with exit code ${code}`);
		failed++;
	}
}
process.exit(failed > 0 ? 1 : 0);
