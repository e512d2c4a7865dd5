// Runs every test file under test/ with node's own runner. Node 20's runner takes no globs,
// so the list is built here. Arguments narrow the run: `node test/run.js engine` runs the
// files whose path contains "engine". It builds dist/ first (scripts/build.js): the tests that
// run `node bin/drove.js` run the same JavaScript a person runs, never a stale build.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : findTests(path);
    return /\.test\.tsx?$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

const filters = process.argv.slice(2);
const files = findTests(join(root, 'test'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(2);
}

const built = spawnSync(process.execPath, [join(root, 'scripts/build.js')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const child = spawn(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-timeout=180000',
    '--test-force-exit',
    `--test-concurrency=${process.env.DROVE_TEST_CONCURRENCY ?? 2}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
