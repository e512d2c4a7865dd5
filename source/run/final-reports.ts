/**
 * The end of a run on the master: the summary to stdout (a table, or JSON with --json), the
 * --csv files and the --html and --junit reports. The same code runs after a headless run and
 * after the dashboard closes, so what a person sees at the end never depends on how they watched.
 */
import type { Config } from '../config/config.ts';
import type { MasterState } from '../master/master-state.ts';
import { buildJsonSummary, formatJsonSummary } from '../report/json-summary.ts';
import type { JsonSummary, RunFacts, RunRecord } from '../report/json-summary.ts';
import { formatSummaryTable } from '../report/summary-table.ts';
import { joinWorkers } from '../report/worker-report.ts';
import type { WorkerReportRow } from '../report/worker-report.ts';
import type { CsvReportWriter } from '../report/csv-writer.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';
import { writeReportFiles } from './report-files.ts';
import { formatThresholdTable } from '../report/threshold-table.ts';

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

/** What the summary document is made from: the run's facts, and the config, state and stats they go with. */
export interface SummaryInput extends RunFacts {
	config: Config;
	state: MasterState;
	snapshot: StatsSnapshot;
	/** The per-second history, for --json, --html and /stats. */
	record?: RunRecord;
	/** The plan's hosts (`, `-joined), for the summary when -H was not given. */
	planHost?: string | undefined;
}

/** What the reports need to know about the run besides stats. */
export interface FinalReportInput extends SummaryInput {
	csv: CsvReportWriter | undefined;
	/** Where the summary goes; default process.stdout. */
	out?: NodeJS.WritableStream;
}

/** The --json document (also /stats while the run goes on, and the source of --html and --junit). */
export function summaryDocument(input: SummaryInput, rows: readonly WorkerReportRow[] = workerRows(input.state, input.snapshot)): JsonSummary {
	const { config, state } = input;
	return buildJsonSummary(input.snapshot, {
		startedAt: input.startedAt,
		endedAt: input.endedAt,
		host: state.host ?? input.planHost ?? null,
		targetUsers: state.targetUsers,
		peakUsers: input.peakUsers,
		spawnRate: state.spawnRate,
		exitCode: input.exitCode,
		stopReason: input.stopReason,
		plan: config.plan ?? null,
		stopDetail: input.stopDetail ?? null,
		shape: input.shape ?? null,
		...(input.thresholds !== undefined && input.thresholds.length > 0 && { thresholds: input.thresholds }),
		...(input.timeline !== undefined && { timeline: input.timeline }),
	}, rows, input.record);
}

/**
 * Prints the summary, then writes the CSV, HTML and JUnit files. A file that cannot be
 * written throws (exit code 2) after the summary is out.
 */
export async function writeFinalReports(input: FinalReportInput): Promise<void> {
	const { config, snapshot } = input;
	const rows = workerRows(input.state, snapshot);
	const out = input.out ?? process.stdout;
	const needsDocument = config.json || config.html !== undefined || config.junit !== undefined;
	const document = needsDocument ? summaryDocument(input, rows) : undefined;
	if (config.json) out.write(`${formatJsonSummary(document!)}\n`);
	else {
		// In a terminal the table fits its width instead of wrapping; piped, it keeps every column.
		const tty = out as Partial<NodeJS.WriteStream>;
		const thresholds = formatThresholdTable(input.thresholds ?? []);
		out.write(`${formatSummaryTable(snapshot, rows, tty.isTTY === true && tty.columns ? tty.columns : Infinity)}${thresholds === '' ? '' : `\n${thresholds}\n`}\n`);
	}
	await input.csv?.writeFinal(snapshot, rows);
	if (document !== undefined) await writeReportFiles(document, config);
}
