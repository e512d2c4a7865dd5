/**
 * Runs Drove with a resolved configuration: a worker, or a master with its dashboard or
 * headless runner (a plain run is a master plus local workers). Resolves to the exit code.
 */
import type { Config } from './config/config.ts';
import { ExitCode } from './errors.ts';
import { listUserClasses, pickUserClasses, taskRatios } from './plan/describe-plan.ts';
import { loadPlan } from './plan/load-plan.ts';
import { runFleet } from './run/run-fleet.ts';
import { runWorkers } from './run/run-workers.ts';

/** Starts the run `config` describes; resolves to the process's exit code. */
export async function main(config: Config): Promise<number> {
	if (config.mode !== 'worker' && config.plan !== undefined && (config.list || config.showTaskRatio)) {
		const classes = pickUserClasses((await loadPlan(config.plan)).userClasses, config.userClasses);
		process.stdout.write(config.list ? listUserClasses(classes) : taskRatios(classes));
		if (config.list && config.showTaskRatio) process.stdout.write(taskRatios(classes));
		return ExitCode.ok;
	}
	return config.mode === 'worker' ? runWorkers(config) : runFleet(config);
}
