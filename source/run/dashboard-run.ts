/**
 * A run watched and steered from the terminal dashboard, presented over a RunSession. With -u
 * or a load shape the run starts as soon as the expected workers are there; without either the
 * dashboard waits for the person to set users and rate and start, as Locust's web form does.
 * When the person quits (q, Ctrl-C), a plan calls quit(), or --autoquit's time after -t or the
 * shape's end is up, the users stop, the workers quit, and the same summary and reports as a
 * headless run are written.
 */
import renderMasterDashboard from '../ui/render-master-dashboard.ts';
import type { FleetSession } from './fleet-session.ts';
import { joinInstructions, joinLine } from './join-command.ts';
import { RunSession } from './run-session.ts';
import type { StopReason } from './run-outcome.ts';

/** Runs the fleet with the dashboard; resolves to the master's exit code. */
export async function runDashboard(fleet: FleetSession): Promise<number> {
	const { config, master } = fleet;
	const session = new RunSession(fleet, { mode: 'dashboard' });
	session.startWhenReady();
	const join = fleet.join;
	const dashboard = renderMasterDashboard(master, {
		runTimeMs: fleet.shape === undefined ? config.runTime : undefined,
		planHost: fleet.planHost,
		join: join === undefined ? undefined : { masked: joinLine(join, { reveal: false }), revealed: joinLine(join, { reveal: true }), url: join.url, otherHosts: join.otherHosts },
		live: () => session.live(),
		onManual: () => session.manualControl(),
		resumeShape: () => session.resumeShape(),
		// With a shape, Enter runs the shape (again) rather than asking for a user count.
		...(fleet.shape !== undefined && { start: () => session.start() }),
	});
	// Without a TTY on stdin Ctrl-C arrives as a signal rather than a key: quit the same way.
	// A plan's quit() and --autoquit end here too.
	let endedFor: StopReason | undefined;
	void session.ended.then((reason) => {
		endedFor = reason;
		return master.quit().finally(() => dashboard.unmount());
	});
	// --autoquit: once -t or the shape ends the test, leave after that long (Locust's).
	let autoquit: NodeJS.Timeout | undefined;
	if (config.autoquit !== undefined) {
		const after = config.autoquit;
		session.onTestEnd((reason) => {
			clearTimeout(autoquit);
			autoquit = setTimeout(() => session.end(reason), after);
		});
	}
	try {
		await dashboard.waitUntilExit();
	} finally {
		clearTimeout(autoquit);
		session.dispose();
		await master.quit();
	}
	// The full-screen dashboard pushed the join command printed at start into scrollback.
	if (join !== undefined) process.stderr.write(joinInstructions(join));
	return session.finish(endedFor ?? session.testEndReason ?? 'quit');
}
