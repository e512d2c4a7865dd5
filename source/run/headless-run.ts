/**
 * A run with no dashboard, for CI and scripts, presented over a RunSession: wait for the
 * expected workers, start, print a status line every 2 s and the master's log to stderr; the
 * session ends the run at -t, Ctrl-C or SIGTERM, or when the fleet falls apart; then the
 * summary and reports, and an exit code.
 */
import { shownAt } from '../config/log-level.ts';
import { DroveError, ExitCode } from '../errors.ts';
import { activeWorkers } from '../master/master-state.ts';
import { formatStatusLine } from '../report/status-line.ts';
import { followLog, formatLogEntry } from './fleet-session.ts';
import type { FleetSession } from './fleet-session.ts';
import { RunSession, TICK_MS } from './run-session.ts';
import type { StopReason } from './run-outcome.ts';

/** Time between status lines, as issue #2 asks. */
const STATUS_EVERY_MS = 2000;

/** How the stopping line names each reason. */
const STOP_WORDS: Partial<Record<StopReason, string>> = {
	'run-time': 'run time is up',
	interrupted: 'interrupted',
	'shape-end': 'the load shape ended',
	threshold: 'a threshold failed for its grace period',
	'plan-quit': 'the plan called quit()',
};

/** Runs the fleet headless; resolves to the master's exit code. */
export async function runHeadless(fleet: FleetSession, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
	const { config, master } = fleet;
	const session = new RunSession(fleet, { mode: 'headless' });
	const unfollow = followLog(master, (entry) => {
		if (shownAt(entry.level, config.loglevel)) stderr.write(`${formatLogEntry(entry)}\n`);
	});
	try {
		const expected = config.expectWorkers;
		stderr.write(`waiting for ${expected} worker${expected === 1 ? '' : 's'}\n`);
		const early = await Promise.race([
			master.waitForWorkers(expected, config.expectWorkersMaxWait, fleet.join?.url).then(() => undefined),
			session.ended,
			fleet.workers?.exited.then((): StopReason => 'workers-exited') ?? new Promise<never>(() => {}),
		]);
		if (early === 'workers-exited') {
			throw new DroveError('FLEET_WORKERS_EXITED', 'every local worker process exited before the run could start: see their messages above', ExitCode.fleet);
		}
		if (early !== undefined) {
			stderr.write('interrupted before the run started\n');
			return ExitCode.ok;
		}

		// By elapsed time, not by counting ticks: a stalled timer (a loaded box) can skip a tick,
		// and a count would then skip that status line too. Half a tick of slack, so a tick that
		// fires a millisecond early by the wall clock still counts as its second.
		let statusPeriod = 0;
		session.onTick((tick) => {
			const period = Math.floor((tick.elapsedMs + TICK_MS / 2) / STATUS_EVERY_MS);
			if (period <= statusPeriod) return;
			statusPeriod = period;
			const live = session.live();
			stderr.write(`${formatStatusLine(master.aggregator.aggregatedStats(), {
				elapsedMs: tick.elapsedMs,
				users: tick.users,
				targetUsers: tick.state.targetUsers,
				workers: activeWorkers(tick.state).length,
				...(live.shape !== undefined && { shape: live.shape }),
				...(live.tally !== '' && { thresholds: live.tally }),
			})}\n`);
		});
		session.start();
		const reason = await session.ended;
		if (reason === 'all-workers-lost') stderr.write('drove: every worker is gone; stopping the run\n');
		else stderr.write(`stopping (${STOP_WORDS[reason] ?? reason})\n`);
		return await session.finish(reason);
	} finally {
		session.dispose();
		unfollow();
		await master.quit();
	}
}
