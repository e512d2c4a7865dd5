/**
 * The local worker processes of a run on this machine (a plain run, `--master --processes N`,
 * the demo): ordinary `drove --worker` children, connected the way remote workers would be.
 * They start before anything else (main.ts starts them before it even loads the master's
 * code), so their own start-up (Node, their chunks) runs while the master loads, bundles the
 * plan and starts its broker; they wait for the plan and the broker's port over IPC, which
 * run-fleet.ts sends once the master listens (plan-from-parent.ts).
 */
import type { Config } from '../config/config.ts';
import type { MasterRuntime } from '../master/master-runtime.ts';
import { startLocalWorkers } from './local-workers.ts';
import type { LocalWorkers } from './local-workers.ts';
import { PLAN_FROM_PARENT_ENV, workerArgv } from './worker-argv.ts';
import type { ChildBroker } from './worker-argv.ts';

/** The children and where their lines go. */
export interface FleetChildren {
	readonly workers: LocalWorkers;
	/**
	 * Until the master exists a child's line or failed exit goes to stderr (only a child that
	 * failed on its own says anything that early); from then on, as the run shows it.
	 */
	attach(master: MasterRuntime, writeLog: (line: string) => void): void;
}

/** Starts `config.processes` children; they run the master's plan once run-fleet.ts sends it (`workers.send`). */
export function startFleetChildren(config: Config): FleetChildren {
	// The port follows over IPC: the master does not listen yet.
	const broker: ChildBroker = config.broker !== undefined ? { kind: 'external', url: config.broker } : { kind: 'master', host: '127.0.0.1' };
	const headless = config.headless;
	let master: MasterRuntime | undefined;
	let writeLog: (line: string) => void = () => undefined;
	const workers = startLocalWorkers({
		count: config.processes,
		argv: workerArgv(config, broker),
		// The bundle the master made goes to each child over IPC: no child bundles it again (no
		// esbuild in a worker), and loaded under the plan's real path its frames name that file.
		// The token comes with it (master.token), kept off the command line and out of the environment.
		env: { [PLAN_FROM_PARENT_ENV]: '1' },
		// Under the dashboard a stray line would tear the frame: a worker's warnings and errors
		// go to the master's log (the Log view) instead, as the fields the child sent.
		onOutput: (index, line) => {
			// Under the dashboard the master's log has them (and --logfile through it).
			if (!headless && master !== undefined) return;
			writeLog(`[worker ${index}] ${line}`);
			process.stderr.write(`[worker ${index}] ${line}\n`);
		},
		onLog: (index, level, text) => {
			if (!headless && level !== 'info') master?.log(level, text, `local worker ${index}`);
		},
		onExit: (index, code, killed, pid) => {
			if (code === 0) return;
			// Its event loop never came back (it could not even quit): say why, not just a code.
			const text = killed && master !== undefined ? neverStopped(master, config.stopTimeout, index, pid) : undefined;
			if (headless || master === undefined) process.stderr.write(`${text ?? `[worker ${index}] exited with code ${code}`}\n`);
			else master.log('error', text ?? `local worker ${index} exited with code ${code}`);
		},
	});
	return {
		workers,
		attach(runMaster, log) {
			master = runMaster;
			writeLog = log;
		},
	};
}

/** The line for a local worker the run had to kill: its user code never gave the event loop back. */
function neverStopped(master: MasterRuntime, stopTimeoutMs: number, index: number, pid: number | undefined): string {
	const id = Object.values(master.getState().workers).find((w) => w.pid === pid)?.id ?? `local ${index}`;
	return `worker ${id} did not stop its users within ${stopTimeoutMs / 1000} s: a task or hook never yields; killed`;
}

