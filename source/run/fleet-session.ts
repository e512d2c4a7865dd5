/**
 * What the headless runner and the dashboard runner share about one master run: the resolved
 * config, the running master, its local worker processes, and the plan's own host.
 */
import type { Config } from '../config/config.ts';
import type { MasterRuntime } from '../master/master-runtime.ts';
import { logEntryText } from '../master/master-state.ts';
import type { LogEntry } from '../master/master-state.ts';
import type { CsvReportWriter } from '../report/csv-writer.ts';
import type { JoinCommand } from './join-command.ts';
import type { LocalWorkers } from './local-workers.ts';
import type { LoadShape } from '../plan/shape.ts';
import type { PlanHooks } from '../plan/events.ts';
import type { Threshold } from '../thresholds/parse-threshold.ts';

/** One master run. */
export interface FleetSession {
	config: Config;
	master: MasterRuntime;
	/** Local worker processes, if this run started any. */
	workers: LocalWorkers | undefined;
	/** The target when `-H` is not given: the first user class's host. */
	planHost: string | undefined;
	/** --csv: already started (the history file exists), before any worker was. */
	csv: CsvReportWriter | undefined;
	/** How remote workers join this master (a --master run only). */
	join?: JoinCommand;
	/** The load shape: `--stages`, else the plan's; undefined for one ramp to -u. */
	shape?: LoadShape | undefined;
	/** The plan's thresholds and the configuration's, parsed. */
	thresholds?: readonly Threshold[];
	/** The plan's hooks (the master runs `quitting`). */
	hooks?: PlanHooks;
}

/**
 * Calls `print` for every log entry the master adds from now on. The log is bounded, so new
 * entries are found after the last one printed rather than by index.
 * @returns the unsubscribe function.
 */
export function followLog(master: MasterRuntime, print: (entry: LogEntry) => void): () => void {
	let last: LogEntry | undefined = master.getState().log.at(-1);
	return master.subscribe((state) => {
		const log = state.log;
		if (log.length === 0 || log.at(-1) === last) return;
		const from = last === undefined ? 0 : log.lastIndexOf(last) + 1;
		for (const entry of log.slice(from)) print(entry);
		last = log.at(-1);
	});
}

/** `12:04:05 warn worker x is missing`, for stderr. */
export function formatLogEntry(entry: LogEntry): string {
	const time = new Date(entry.at).toISOString().slice(11, 19);
	return `${time} ${entry.level === 'info' ? '' : `${entry.level} `}${logEntryText(entry)}`;
}
