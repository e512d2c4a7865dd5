/**
 * A run watched and steered from the terminal dashboard, presented over a RunSession. With -u
 * the run starts as soon as the expected workers are there; without it the dashboard waits for
 * the person to set users and rate and start, as Locust's web form does. When the person quits
 * (q, Ctrl-C) the users stop, the workers quit, and the same summary and reports as a headless
 * run are written.
 */
import renderMasterDashboard from '../ui/render-master-dashboard.ts';
import type { FleetSession } from './fleet-session.ts';
import { RunSession } from './run-session.ts';

/** Runs the fleet with the dashboard; resolves to the master's exit code. */
export async function runDashboard(fleet: FleetSession): Promise<number> {
	const { config, master } = fleet;
	const session = new RunSession(fleet, { mode: 'dashboard' });
	session.startWhenReady();
	const dashboard = renderMasterDashboard(master, { runTimeMs: config.runTime, planHost: fleet.planHost });
	// Without a TTY on stdin Ctrl-C arrives as a signal rather than a key: quit the same way.
	void session.ended.then(() => master.quit().finally(() => dashboard.unmount()));
	try {
		await dashboard.waitUntilExit();
	} finally {
		session.dispose();
		await master.quit();
	}
	return session.finish('quit');
}
