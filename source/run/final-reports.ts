/**
 * The end of a run on the master: the summary to stdout (a table, or JSON with --json) and the
 * --csv files. The same code runs after a headless run and after the dashboard closes, so what
 * a person sees at the end never depends on how they watched.
 */
import type { Config } from '../config/config.ts';
import type { MasterState } from '../master/master-state.ts';
import { formatJsonSummary } from '../report/json-summary.ts';
import { formatSummaryTable } from '../report/summary-table.ts';
import { joinWorkers } from '../report/worker-report.ts';
import type { WorkerReportRow } from '../report/worker-report.ts';
import type { CsvReportWriter } from '../report/csv-writer.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';
import { formatThresholdTable } from '../report/threshold-table.ts';
import type { ThresholdResult } from '../thresholds/evaluate-thresholds.ts';

/** Every worker the master knew, joined with its stats, for the summary and workers CSV. */
export function workerRows(state: MasterState, snapshot: StatsSnapshot): WorkerReportRow[] {
	const infos = Object.values(state.workers).map((worker) => ({
		id: worker.id,
		state: worker.state,
		users: worker.userCount,
		cpuPercent: worker.lastHeartbeatAt > worker.joinedAt ? worker.cpuPercent : null,
		memoryMb: worker.rssBytes > 0 ? worker.rssBytes / 1024 / 1024 : null,
	}));
	return joinWorkers(infos, snapshot.workers);
}

/** What the reports need to know about the run besides stats. */
export interface FinalReportInput {
	config: Config;
	state: MasterState;
	snapshot: StatsSnapshot;
	csv: CsvReportWriter | undefined;
	startedAt: number;
	endedAt: number;
	peakUsers: number;
	stopReason: string;
	exitCode: number;
	/** A plan's quit() reason, the threshold that aborted the run. */
	stopDetail?: string | undefined;
	/** `stages` or `tick` when a load shape drove the run. */
	shape?: 'stages' | 'tick' | undefined;
	/** Final verdicts; the table gets a section, the JSON a `thresholds` array. */
	thresholds?: readonly ThresholdResult[];
	/** Per second: running and target users, requests (JSON `timeline`). */
	timeline?: ReadonlyArray<{ time: number; users: number; targetUsers: number; rps: number }>;
	/** Where the summary goes; default process.stdout. */
	out?: NodeJS.WritableStream;
}

/** Writes the CSV files and prints the summary. A CSV failure throws (exit code 2) after the summary is out. */
export async function writeFinalReports(input: FinalReportInput): Promise<void> {
	const { config, state, snapshot } = input;
	const rows = workerRows(state, snapshot);
	const out = input.out ?? process.stdout;
	if (config.json) {
		out.write(
			`${formatJsonSummary(snapshot, {
				startedAt: input.startedAt,
				endedAt: input.endedAt,
				host: state.host,
				targetUsers: state.targetUsers,
				peakUsers: input.peakUsers,
				spawnRate: state.spawnRate,
				exitCode: input.exitCode,
				stopReason: input.stopReason,
				plan: config.plan ?? null,
				stopDetail: input.stopDetail ?? null,
				shape: input.shape ?? null,
				thresholds: input.thresholds ?? [],
				timeline: input.timeline ?? [],
			}, rows)}\n`,
		);
	} else {
		const thresholds = formatThresholdTable(input.thresholds ?? []);
		out.write(`${formatSummaryTable(snapshot, rows)}${thresholds === '' ? '' : `\n${thresholds}\n`}\n`);
	}
	await input.csv?.writeFinal(snapshot, rows);
}
