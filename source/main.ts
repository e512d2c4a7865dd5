/**
 * Runs Drove with a resolved configuration: a worker, or a master with its dashboard or
 * headless runner (a plain run is a master plus local workers). Resolves to the exit code.
 * Each side is imported only when it runs, so a worker never loads the master's code (the
 * broker, the dashboard, the plan bundler) and a master never loads the worker's.
 */
import type { Config } from './config/config.ts';
import { ExitCode } from './errors.ts';

/** Starts the run `config` describes; resolves to the process's exit code. */
export async function main(config: Config): Promise<number> {
	if (config.mode === 'worker') {
		// Many users each keep a connection's objects and wait seconds between tasks: unheld, V8
		// grows the new space to 32 MB with them (bench/README.md, locust, session 4).
		// And before undici compiles its HTTP parser: no baseline compile, so no background tier-up
		// whose memory malloc keeps (about 10 MB in half of the workers).
		const { holdYoungGeneration, optimizeWasmAtOnce } = await import('./run/v8-settings.ts');
		holdYoungGeneration();
		optimizeWasmAtOnce();
		const { runWorkers } = await import('./run/run-workers.ts');
		return runWorkers(config);
	}
	if (config.plan !== undefined && (config.list || config.showTaskRatio)) {
		const [{ listUserClasses, pickUserClasses, taskRatios }, { loadPlan }] = await Promise.all([
			import('./plan/describe-plan.ts'),
			import('./plan/load-plan.ts'),
		]);
		const classes = pickUserClasses((await loadPlan(config.plan)).userClasses, config.userClasses);
		process.stdout.write(config.list ? listUserClasses(classes) : taskRatios(classes));
		if (config.list && config.showTaskRatio) process.stdout.write(taskRatios(classes));
		return ExitCode.ok;
	}
	// Before start-up's allocations grow it: Ink's frames would take V8's new space to 32 MB.
	if (!config.headless) (await import('./run/v8-settings.ts')).holdYoungGeneration();
	// The local workers start before the master's code is even loaded: their start-up overlaps
	// the master's, and they get the plan and the broker's port when the master listens.
	const children = config.processes > 0 ? (await import('./run/fleet-children.ts')).startFleetChildren(config) : undefined;
	// So does bundling the plan: esbuild works in a process of its own while this one loads the
	// master's code (and Aedes). run-fleet.ts awaits it, and says what went wrong in its order.
	const plan = config.plan === undefined ? undefined : import('./plan/load-plan.ts').then(({ loadPlan }) => loadPlan(config.plan!));
	plan?.catch(() => undefined);
	const { runFleet } = await import('./run/run-fleet.ts');
	return runFleet(config, { children, plan });
}
