/**
 * Runs Drove with a resolved configuration: a worker, or a master with its dashboard or
 * headless runner (a plain run is a master plus local workers). Resolves to the exit code.
 */
import type { Config } from './config/config.ts';
import { runFleet } from './run/run-fleet.ts';
import { runWorkers } from './run/run-workers.ts';

/** Starts the run `config` describes; resolves to the process's exit code. */
export async function main(config: Config): Promise<number> {
	return config.mode === 'worker' ? runWorkers(config) : runFleet(config);
}
