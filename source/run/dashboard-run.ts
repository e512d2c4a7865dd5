/**
 * A run watched and steered from the terminal dashboard. With -u the run starts as soon as
 * the expected workers are there; without it the dashboard waits for the person to set users
 * and rate and start, as Locust's web form does. When the person quits (q, Ctrl-C) the users
 * stop, the workers quit, and the same summary and reports as a headless run are written.
 */
import { runningUsers } from '../master/master-state.ts';
import renderMasterDashboard from '../ui/render-master-dashboard.ts';
import { writeFinalReports } from './final-reports.ts';
import type { FleetSession } from './fleet-session.ts';
import { joinInstructions, joinLine } from './join-command.ts';
import { runExitCode } from './run-outcome.ts';

/** ms between stats-history rows. */
const TICK_MS = 1000;

/** Runs the session with the dashboard; resolves to the master's exit code. */
export async function runDashboard(session: FleetSession): Promise<number> {
	const { config, master } = session;
	const csv = session.csv;
	master.setSpawnRate(config.spawnRate);
	if (config.users !== undefined) {
		master.setUsers(config.users);
		// Starts once the expected workers are in; the person sees them join meanwhile.
		void master.waitForWorkers(config.expectWorkers).then(() => {
			if (master.getState().runState === 'waiting' || master.getState().runState === 'ready') master.start();
		});
	}
	let startedAt: number | undefined;
	let peakUsers = 0;
	let runTimer: NodeJS.Timeout | undefined;
	const tick = setInterval(() => {
		const state = master.getState();
		const users = runningUsers(state);
		peakUsers = Math.max(peakUsers, users);
		if (startedAt === undefined && state.startedAt !== null) {
			startedAt = state.startedAt;
			// -t ends the test, not the dashboard: the person reads the result and quits.
			if (config.runTime !== undefined) runTimer = setTimeout(() => void master.stopUsers(), config.runTime);
		}
		if (startedAt !== undefined) csv?.appendHistory(master.aggregator.snapshot({ workers: false }), users);
	}, TICK_MS);

	const join = session.join;
	const dashboard = renderMasterDashboard(master, {
		runTimeMs: config.runTime,
		planHost: session.planHost,
		join: join === undefined ? undefined : { masked: joinLine(join, { reveal: false }), revealed: joinLine(join, { reveal: true }), url: join.url, otherHosts: join.otherHosts },
	});
	// Without a TTY on stdin Ctrl-C arrives as a signal rather than a key: quit the same way.
	const quit = (): void => {
		void master.quit().finally(() => dashboard.unmount());
	};
	process.on('SIGINT', quit);
	process.on('SIGTERM', quit);
	try {
		await dashboard.waitUntilExit();
	} finally {
		process.off('SIGINT', quit);
		process.off('SIGTERM', quit);
		clearInterval(tick);
		clearTimeout(runTimer);
		await master.quit();
	}
	// The full-screen dashboard pushed the join command printed at start into scrollback.
	if (join !== undefined) process.stderr.write(joinInstructions(join));
	const state = master.getState();
	const snapshot = master.snapshot();
	const exitCode = runExitCode(snapshot, 'quit', config.exitCodeOnError);
	await writeFinalReports({
		config,
		state,
		snapshot,
		csv,
		startedAt: startedAt ?? Date.now(),
		endedAt: state.stoppedAt ?? Date.now(),
		peakUsers,
		stopReason: 'quit',
		exitCode,
	});
	return exitCode;
}
