/**
 * A run with no dashboard, for CI and scripts: wait for the expected workers, ramp to -u at
 * -r, print a status line every 2 s to stderr, stop at -t, Ctrl-C or SIGTERM, or when the fleet
 * falls apart; then the summary and reports, and an exit code.
 */
import { DroveError, ExitCode } from '../errors.ts';
import { activeWorkers, runningUsers } from '../master/master-state.ts';
import { formatStatusLine } from '../report/status-line.ts';
import { writeFinalReports } from './final-reports.ts';
import { followLog, formatLogEntry } from './fleet-session.ts';
import type { FleetSession } from './fleet-session.ts';
import { runExitCode } from './run-outcome.ts';
import type { StopReason } from './run-outcome.ts';

/** ms between status lines, as issue #2 asks. */
const STATUS_INTERVAL_MS = 2000;
/** ms between stats-history rows and fleet checks (Locust writes history every second too). */
const TICK_MS = 1000;

/** Runs the session headless; resolves to the master's exit code. */
export async function runHeadless(session: FleetSession, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
	const { config, master } = session;
	const unfollow = followLog(master, (entry) => stderr.write(`${formatLogEntry(entry)}\n`));
	const csv = session.csv;
	const stop = stopSignal();
	try {
		const expected = config.expectWorkers;
		stderr.write(`waiting for ${expected} worker${expected === 1 ? '' : 's'}\n`);
		const early = await Promise.race([
			master.waitForWorkers(expected, config.expectWorkersMaxWait, session.join?.url).then(() => undefined),
			stop.reason,
			session.workers?.exited.then((): StopReason => 'workers-exited') ?? new Promise<never>(() => {}),
		]);
		if (early !== undefined) return await abandon(session, early, stderr);

		master.setSpawnRate(config.spawnRate);
		master.setUsers(config.users ?? 1);
		master.start();
		const startedAt = Date.now();
		let peakUsers = 0;
		const status = setInterval(() => {
			const state = master.getState();
			stderr.write(`${formatStatusLine(master.aggregator.aggregatedStats(), {
				elapsedMs: Date.now() - startedAt,
				users: runningUsers(state),
				targetUsers: state.targetUsers,
				workers: activeWorkers(state).length,
			})}\n`);
		}, STATUS_INTERVAL_MS);
		const tick = setInterval(() => {
			const state = master.getState();
			const users = runningUsers(state);
			peakUsers = Math.max(peakUsers, users);
			csv?.appendHistory(master.aggregator.snapshot({ workers: false }), users);
			if (activeWorkers(state).length === 0) stop.end('all-workers-lost');
		}, TICK_MS);
		const runTimer = config.runTime === undefined ? undefined : setTimeout(() => stop.end('run-time'), config.runTime);

		const reason = await stop.reason;
		clearInterval(status);
		clearInterval(tick);
		clearTimeout(runTimer);
		if (reason === 'all-workers-lost') stderr.write('drove: every worker is gone; stopping the run\n');
		else stderr.write(`stopping (${reason === 'run-time' ? 'run time is up' : 'interrupted'})\n`);
		await master.stopUsers();
		const snapshot = master.snapshot();
		const exitCode = runExitCode(snapshot, reason, config.exitCodeOnError);
		await writeFinalReports({
			config,
			state: master.getState(),
			snapshot,
			csv,
			startedAt,
			endedAt: Date.now(),
			peakUsers: Math.max(peakUsers, runningUsers(master.getState())),
			stopReason: reason,
			exitCode,
		});
		return exitCode;
	} finally {
		stop.dispose();
		unfollow();
		await master.quit();
	}
}

/** The run never started: say why in one line. */
async function abandon(session: FleetSession, reason: StopReason, stderr: NodeJS.WritableStream): Promise<number> {
	if (reason === 'workers-exited') {
		throw new DroveError('FLEET_WORKERS_EXITED', 'every local worker process exited before the run could start: see their messages above', ExitCode.fleet);
	}
	stderr.write('interrupted before the run started\n');
	void session;
	return ExitCode.ok;
}

/** Resolves with the first reason to stop: SIGINT or SIGTERM (interrupted), or one given to `end`. */
function stopSignal(): { reason: Promise<StopReason>; end(reason: StopReason): void; dispose(): void } {
	let end!: (reason: StopReason) => void;
	const reason = new Promise<StopReason>((resolve) => {
		end = resolve;
	});
	const interrupted = (): void => end('interrupted');
	process.on('SIGINT', interrupted);
	process.on('SIGTERM', interrupted);
	return {
		reason,
		end,
		dispose() {
			process.off('SIGINT', interrupted);
			process.off('SIGTERM', interrupted);
		},
	};
}
