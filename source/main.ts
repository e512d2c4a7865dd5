/**
 * Runs Drove with a resolved configuration and returns the exit code. A placeholder until the
 * master, worker and local modes are wired in (the integrator replaces this file).
 */
import type { Config } from './config/config.ts';

/** Starts the run `config` describes; resolves to the process's exit code. */
export async function main(config: Config): Promise<number> {
	void config;
	process.stderr.write('drove: running is not wired yet\n');
	return 70;
}
