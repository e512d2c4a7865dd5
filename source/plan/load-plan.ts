/**
 * Loads a test plan: bundles it with esbuild into one self-contained ESM module (its local
 * imports and npm packages inlined, `drove` left as an import of the running Drove), writes
 * that to a temp file and imports it. The bundle is what a master ships to its workers.
 */
import { createHash } from 'node:crypto';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Message, Plugin, PluginBuild } from 'esbuild';
import { DroveError } from '../errors.ts';
import { droveCodeDirs, droveModulePath } from '../package-root.ts';
import { collectHooks, type PlanHooks } from './events.ts';
import { suggest } from '../config/suggest.ts';
import { displayPath, planError, whereThrown } from './plan-error.ts';
import { isUserDefinition, toUserClass, type UserClass } from './user.ts';
import { isLoadShape, type LoadShape } from './shape.ts';
import { buildThresholds, planThresholdSources } from '../thresholds/threshold-list.ts';
import type { Threshold } from '../thresholds/parse-threshold.ts';

/** A plan ready to run. */
export interface LoadedPlan {
	/** The plan's path (or the label it was shipped under). */
	path: string;
	/** Self-contained ESM code; `drove` is its only bare import. Stable across machines for one plan. */
	bundle: string;
	/** sha256 (hex) of `bundle`: equal plans have equal hashes. */
	hash: string;
	userClasses: UserClass[];
	hooks: PlanHooks;
	/** The plan's load shape (`stages()` or `loadShape()` under any export name), if any. */
	shape: LoadShape | undefined;
	/** The plan's `export const thresholds = [...]`, parsed. */
	thresholds: Threshold[];
}

const extensions = new Set(['.ts', '.mts', '.js', '.mjs']);
// Replaced at import time (same line, so the source map holds) with where the plan lives.
const urlPlaceholder = '__DROVE_PLAN_URL_PLACEHOLDER__';
// Replaced at import time with the file URL of this Drove's own `drove` module.
const droveUrlPlaceholder = '__DROVE_MODULE_URL_PLACEHOLDER__';
// CommonJS packages bundled into ESM still call require() for node built-ins.
const banner = [
	`const __drovePlanUrl = ${JSON.stringify(urlPlaceholder)};`,
	`import { createRequire as __droveCreateRequire } from 'node:module';`,
	`import { fileURLToPath as __droveFileURLToPath } from 'node:url';`,
	`import { dirname as __droveDirname } from 'node:path';`,
	`const require = __droveCreateRequire(__drovePlanUrl);`,
	`const __drovePlanFile = __droveFileURLToPath(__drovePlanUrl);`,
	`const __drovePlanDir = __droveDirname(__drovePlanFile);`,
].join(' ');

/** Resolves `drove` to this Drove's own source, imported at run time rather than bundled. */
const droveResolver: Plugin = {
	name: 'drove',
	setup(b) {
		// A placeholder, not this machine's path: the bundle (and its hash) must be the same on a
		// master and a worker wherever each has Drove installed. importBundle fills it in.
		b.onResolve({ filter: /^drove$/ }, () => ({ path: droveUrlPlaceholder, external: true }));
	},
};

// Imports of plans go one at a time so each plan's hooks are collected apart.
let queue: Promise<unknown> = Promise.resolve();

/** Bundle and load the plan at `path`. Throws a one-line DroveError (exit code 2) when it does not load. */
export async function loadPlan(path: string): Promise<LoadedPlan> {
	const absolute = resolve(path);
	if (!extensions.has(extname(absolute))) {
		throw new DroveError('PLAN_EXTENSION', `${path}: a plan must be a .ts, .mts, .js or .mjs file`);
	}
	try {
		await access(absolute);
	} catch {
		throw new DroveError('PLAN_NOT_FOUND', `${path}: plan not found`);
	}
	const bundle = await bundlePlan(absolute);
	try {
		return await loadPlanFromBundle(bundle, absolute);
	} catch (error) {
		// Node names its own loader as the place; esbuild can say which line of the plan asked.
		if (error instanceof MissingDroveExport) throw await locateMissingExport(absolute, error);
		throw error;
	}
}

/** An import of a name `drove` does not export (Node's message names no line of the plan). */
class MissingDroveExport extends DroveError {
	constructor(
		readonly label: string,
		readonly exportName: string,
		readonly known: readonly string[],
	) {
		super('PLAN_LOAD', `${displayPath(label)}: ${noSuchExport(exportName, known)}`);
	}
}

function noSuchExport(name: string, known: readonly string[]): string {
	const near = suggest(name, known);
	return `drove has no export '${name}'${near === undefined ? '' : `; did you mean '${near}'?`}`;
}

/** The Node error for `import { betwen } from 'drove'`, as the missing name, else undefined. */
async function missingDroveExport(error: unknown, label: string): Promise<MissingDroveExport | undefined> {
	if (!(error instanceof SyntaxError)) return undefined;
	const m = /^The requested module '([^']+)' does not provide an export named '([^']+)'/.exec(error.message);
	if (!m || m[1] !== pathToFileURL(droveModulePath).href) return undefined;
	const known = Object.keys((await import(pathToFileURL(droveModulePath).href)) as Record<string, unknown>);
	return new MissingDroveExport(label, m[2]!, known);
}

/** Bundles the plan against a stand-in `drove` with the real export names, so esbuild reports the importing line. */
async function locateMissingExport(absolute: string, error: MissingDroveExport): Promise<DroveError> {
	const stub = error.known.map((name) => `export const ${name} = undefined;`).join('\n');
	try {
		await esbuildOnce({
			entryPoints: [absolute],
			absWorkingDir: dirname(absolute),
			bundle: true,
			platform: 'node',
			format: 'esm',
			write: false,
			logLevel: 'silent',
			plugins: [{
				name: 'drove-exports',
				setup(b: PluginBuild) {
					b.onResolve({ filter: /^drove$/ }, () => ({ path: 'drove', namespace: 'drove-exports' }));
					b.onLoad({ filter: /.*/, namespace: 'drove-exports' }, () => ({ contents: stub, loader: 'js' }));
				},
			}],
		});
	} catch (built) {
		const first = (built as { errors?: Message[] }).errors?.find((m) => m.text.includes(`"${error.exportName}"`));
		if (first?.location) {
			const where = `${resolve(dirname(absolute), first.location.file)}:${first.location.line}:${first.location.column + 1}`;
			return planError(where, noSuchExport(error.exportName, error.known));
		}
	}
	return error;
}

// Builds in flight: esbuild's service process is stopped when the last one ends.
let building = 0;

/**
 * One esbuild build. esbuild is loaded here, not at the top: a worker given the master's bundle
 * never needs it. Its service (a Go process of its own, tens of MB) is stopped once no build is
 * in flight: a process bundles its plan once, and the next build starts a new service.
 */
async function esbuildOnce(options: BuildOptions & { write: false }) {
	const esbuild = await import('esbuild');
	building++;
	try {
		return await esbuild.build(options);
	} finally {
		if (--building === 0) await esbuild.stop();
	}
}

/** Bundle the plan at `absolute` into one ESM module. */
export async function bundlePlan(absolute: string): Promise<string> {
	const planDir = dirname(absolute);
	try {
		const result = await esbuildOnce({
			entryPoints: [absolute],
			absWorkingDir: planDir,
			bundle: true,
			platform: 'node',
			format: 'esm',
			target: 'node20',
			write: false,
			// A virtual output next to the plan: source paths come out relative to it, so the
			// bundle (and its hash) does not depend on where the plan sits on this machine.
			outfile: join(planDir, 'drove-plan.mjs'),
			sourcemap: 'inline',
			sourcesContent: true,
			plugins: [droveResolver],
			banner: { js: banner },
			define: {
				'import.meta.url': '__drovePlanUrl',
				'import.meta.filename': '__drovePlanFile',
				'import.meta.dirname': '__drovePlanDir',
			},
			logLevel: 'silent',
			// Keep class and function names: task names and stack traces show them.
			keepNames: true,
		});
		const file = result.outputFiles[0];
		if (!file) throw new DroveError('PLAN_BUNDLE', `${absolute}: esbuild produced no output`);
		return file.text;
	} catch (error) {
		if (error instanceof DroveError) throw error;
		const messages = (error as { errors?: Message[] }).errors;
		const first = messages?.[0];
		if (!first) throw new DroveError('PLAN_BUNDLE', `${absolute}: ${(error as Error).message}`);
		const where = first.location
			? `${resolve(planDir, first.location.file)}:${first.location.line}:${first.location.column + 1}`
			: absolute;
		throw planError(where, first.text);
	}
}

/**
 * Load a bundle made by `bundlePlan` (here or on a master). `label` names the plan in errors,
 * class names and stack traces: the plan's original path.
 */
export function loadPlanFromBundle(code: string, label: string): Promise<LoadedPlan> {
	const run = queue.then(() => importBundle(code, label));
	queue = run.catch(() => undefined);
	return run;
}

async function importBundle(code: string, label: string): Promise<LoadedPlan> {
	process.setSourceMapsEnabled(true);
	const hash = createHash('sha256').update(code).digest('hex');
	const planUrl = pathToFileURL(resolve(label)).href;
	const dir = await mkdtemp(join(tmpdir(), 'drove-plan-'));
	const file = join(dir, `${basename(label, extname(label))}.${hash.slice(0, 12)}.mjs`);
	await writeFile(file, withPlanUrl(code, planUrl));
	let exports: Record<string, unknown>;
	let hooks: PlanHooks;
	try {
		({ value: exports, hooks } = await collectHooks(() => import(pathToFileURL(file).href) as Promise<Record<string, unknown>>));
	} catch (error) {
		const missing = await missingDroveExport(error, label);
		if (missing !== undefined) throw missing;
		throw planError(whereThrown(error, label, droveCodeDirs), error instanceof Error ? error.message : String(error));
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
	const userClasses: UserClass[] = [];
	const shapes: string[] = [];
	let shape: LoadShape | undefined;
	for (const [name, value] of Object.entries(exports)) {
		if (isLoadShape(value)) {
			shapes.push(name);
			shape = value;
			continue;
		}
		if (!isUserDefinition(value)) continue;
		userClasses.push(toUserClass(name === 'default' ? basename(label, extname(label)) : name, value));
	}
	if (shapes.length > 1) {
		throw new DroveError('PLAN_SHAPES', `${displayPath(label)}: exports ${shapes.length} load shapes (${shapes.join(', ')}); a plan has at most one`);
	}
	const thresholds = buildThresholds(planThresholdSources(exports['thresholds'], displayPath(label)));
	if (userClasses.length === 0) {
		throw new DroveError('PLAN_NO_USERS', `${displayPath(label)}: no user classes exported; export one: export const web = user({ tasks: { ... } })`);
	}
	return { path: label, bundle: code, hash, userClasses, hooks, shape, thresholds };
}

/** Fill in the plan's URL and point the source map at the plan's directory, keeping every line in place. */
function withPlanUrl(code: string, planUrl: string): string {
	let out = code
		.replace(JSON.stringify(urlPlaceholder), JSON.stringify(planUrl))
		.replaceAll(JSON.stringify(droveUrlPlaceholder), JSON.stringify(pathToFileURL(droveModulePath).href));
	const marker = '//# sourceMappingURL=data:application/json;base64,';
	const at = out.lastIndexOf(marker);
	if (at >= 0) {
		const map = JSON.parse(Buffer.from(out.slice(at + marker.length).trim(), 'base64').toString('utf8')) as { sourceRoot?: string };
		map.sourceRoot = new URL('.', planUrl).href;
		out = out.slice(0, at) + marker + Buffer.from(JSON.stringify(map)).toString('base64') + '\n';
	}
	return out;
}
