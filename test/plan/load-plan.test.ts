import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DroveError } from '../../source/errors.ts';
import { loadPlan, loadPlanFromBundle } from '../../source/plan/load-plan.ts';

const plans = fileURLToPath(new URL('../../fixtures/plans/', import.meta.url));

void test('loads a plan: classes named after exports, default after the file, weights, tags, sequence, hooks', async () => {
	const plan = await loadPlan(join(plans, 'basic.ts'));
	assert.deepEqual(
		plan.userClasses.map((c) => [c.name, c.weight, c.fixedCount, c.sequential]),
		[
			['browser', 3, undefined, false],
			['basic', 1, 1, true],
		],
	);
	const browser = plan.userClasses[0]!;
	assert.deepEqual(
		browser.tasks.map((t) => [t.name, t.weight, t.tags]),
		[
			['home', 3, []],
			['item', 1, ['items']],
		],
	);
	assert.deepEqual(plan.userClasses[1]!.tasks.map((t) => t.name), ['login', 'profile']);
	assert.equal(plan.hooks.testStart.length, 1);
	assert.equal(plan.hooks.request.length, 1);
	assert.equal(plan.hooks.testStop.length, 0);
	assert.match(plan.hash, /^[0-9a-f]{64}$/);
	assert.match(plan.bundle, /itemPath/, 'local imports are bundled in');
});

void test('a plan outside any project imports drove, a local file and an npm package; moving it keeps its hash', async (t) => {
	const dirs = [await mkdtemp(join(tmpdir(), 'drove-outside-')), await mkdtemp(join(tmpdir(), 'drove-outside-'))];
	t.after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
	const dir = dirs[0]!;
	await mkdir(join(dir, 'node_modules', 'tiny-pad'), { recursive: true });
	await writeFile(join(dir, 'node_modules', 'tiny-pad', 'package.json'), JSON.stringify({ name: 'tiny-pad', main: 'index.js' }));
	await writeFile(join(dir, 'node_modules', 'tiny-pad', 'index.js'), "exports.pad = (s, n) => String(s).padStart(n, '0');\n");
	await writeFile(join(dir, 'helper.ts'), 'export const path = (n: number): string => `/item/${n}`;\n');
	await writeFile(
		join(dir, 'outside.ts'),
		[
			"import { user, constant } from 'drove';",
			"import { pad } from 'tiny-pad';",
			"import { path } from './helper.ts';",
			'(globalThis as Record<string, unknown>).planMeta = [import.meta.url, import.meta.dirname, import.meta.filename];',
			'export const shopper = user({ waitTime: constant(1), tasks: { item: async ({ client }) => { await client.get(path(Number(pad(7, 3)))); } } });',
			'',
		].join('\n'),
	);
	const plan = await loadPlan(join(dir, 'outside.ts'));
	assert.deepEqual(plan.userClasses.map((c) => c.name), ['shopper']);
	assert.deepEqual((globalThis as Record<string, unknown>).planMeta, [pathToFileURL(join(dir, 'outside.ts')).href, dir, join(dir, 'outside.ts')], 'import.meta points at the plan');
	assert.doesNotMatch(plan.bundle, /from ['"]tiny-pad['"]/, 'npm packages are bundled in');
	await cp(dir, dirs[1]!, { recursive: true });
	const moved = await loadPlan(join(dirs[1]!, 'outside.ts'));
	assert.equal(moved.hash, plan.hash, 'the bundle does not depend on where the plan sits');
});

void test('loadPlanFromBundle runs a shipped bundle under its label', async () => {
	const original = await loadPlan(join(plans, 'basic.ts'));
	const shipped = await loadPlanFromBundle(original.bundle, '/somewhere/else/shop.ts');
	assert.equal(shipped.hash, original.hash);
	assert.equal(shipped.path, '/somewhere/else/shop.ts');
	assert.deepEqual(shipped.userClasses.map((c) => c.name), ['browser', 'shop']);
	assert.equal(shipped.hooks.testStart.length, 1, 'each load collects its own hooks');
});

const broken: [file: string, message: RegExp][] = [
	['syntax-error.ts', /^fixtures\/plans\/broken\/syntax-error\.ts:7:26: Expected ";" but found "x"$/],
	['bad-import.ts', /^fixtures\/plans\/broken\/bad-import\.ts:2:25: Could not resolve "\.\/does-not-exist\.ts"$/],
	['no-users.ts', /^fixtures\/plans\/broken\/no-users\.ts: no user classes exported/],
	['no-tasks.ts', /^fixtures\/plans\/broken\/no-tasks\.ts:3:20: user\(\): no tasks/],
	['top-level-throw.ts', /^fixtures\/plans\/broken\/top-level-throw\.ts:5:8: config has no host$/],
	['missing.ts', /^fixtures\/plans\/broken\/missing\.ts: plan not found$/],
];

for (const [file, message] of broken) {
	void test(`broken plan ${file}: one line naming file and line, exit code 2`, async () => {
		const error = await loadPlan(join('fixtures/plans/broken', file)).then(
			() => assert.fail('loaded a broken plan'),
			(e: unknown) => e,
		);
		assert.ok(error instanceof DroveError, `expected a DroveError, got ${String(error)}`);
		assert.equal(error.exitCode, 2);
		assert.match(error.message, message);
		assert.ok(!error.message.includes('\n'), 'one line');
	});
}

test('a bundle names no path of this machine: a worker with Drove installed elsewhere loads it, and equal plans hash equal', async () => {
	const plan = await loadPlan(join(plans, 'basic.ts'));
	const droveSource = fileURLToPath(new URL('../../source/', import.meta.url));
	assert.ok(!plan.bundle.includes(droveSource), 'the bundle does not embed where Drove is installed here');
	assert.ok(!plan.bundle.includes(pathToFileURL(droveSource).href));
	const again = await loadPlanFromBundle(plan.bundle, plan.path);
	assert.equal(again.hash, plan.hash);
	assert.deepEqual(again.userClasses.map((c) => c.name), plan.userClasses.map((c) => c.name));
});
