/**
 * Writes the `--csv PREFIX` files. The only I/O in report/: the text comes from csv.ts.
 *
 * PREFIX_stats_history.csv grows during the run, a row set per call to `appendHistory`
 * (Locust writes one every second too), so memory stays flat however long the run and a
 * crash keeps what was written. The other four files are written once, at the end.
 */
import {access, appendFile, constants, mkdir, stat, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import {DroveError, ExitCode} from '../errors.ts';
import type {StatsSnapshot} from '../stats/snapshot.ts';
import {exceptionsCsv, failuresCsv, STATS_HISTORY_CSV_HEADER, statsCsv, statsHistoryCsvRows, workersCsv} from './csv.ts';
import type {WorkerReportRow} from './worker-report.ts';

/** The five file paths for a prefix. */
export function csvPaths(prefix: string): {stats: string; history: string; failures: string; exceptions: string; workers: string} {
	return {
		stats: `${prefix}_stats.csv`,
		history: `${prefix}_stats_history.csv`,
		failures: `${prefix}_failures.csv`,
		exceptions: `${prefix}_exceptions.csv`,
		workers: `${prefix}_workers.csv`,
	};
}

function writeError(path: string, error: unknown): DroveError {
	const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
	return new DroveError('CSV_WRITE', `cannot write ${path} (${reason}): check the --csv prefix points into a writable directory`, ExitCode.usage, {cause: error});
}

/**
 * `mkdir -p`, one level at a time: Node 20's recursive mkdir spins forever under /proc and other
 * pseudo-filesystems. The nearest existing ancestor must be a writable directory.
 */
async function makeDirectory(dir: string): Promise<void> {
	const missing: string[] = [];
	let at = dir;
	for (;;) {
		try {
			const found = await stat(at);
			if (!found.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), {code: 'ENOTDIR'});
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw error;
			missing.push(at);
			at = dirname(at);
		}
	}
	if (missing.length > 0) await access(at, constants.W_OK);
	for (const level of missing.reverse()) await mkdir(level);
}

/** Options for a {@link CsvReportWriter}. */
export interface CsvWriterOptions {
	/** Every endpoint in the history, not just Aggregated (Locust's --csv-full-history). */
	fullHistory?: boolean;
}

/**
 * ```ts
 * const csv = new CsvReportWriter('out/run1');
 * await csv.start();                                   // history header
 * every second: csv.appendHistory(aggregator.snapshot(), users);
 * at the end:   await csv.writeFinal(aggregator.snapshot(), joinWorkers(infos, aggregator.workerStats()));
 * ```
 */
export class CsvReportWriter {
	readonly paths: ReturnType<typeof csvPaths>;
	/** Appends run one after another; the first failure is kept and thrown by writeFinal/flush. */
	private queue: Promise<void> = Promise.resolve();
	private failure: DroveError | undefined;

	constructor(
		readonly prefix: string,
		private readonly options: CsvWriterOptions = {},
	) {
		this.paths = csvPaths(prefix);
	}

	/** Create the directory and write the history header (truncating an old file). */
	async start(): Promise<void> {
		try {
			await makeDirectory(dirname(this.paths.history));
			await writeFile(this.paths.history, `${STATS_HISTORY_CSV_HEADER}\n`);
		} catch (error) {
			throw writeError(this.paths.history, error);
		}
	}

	/**
	 * Queue the history rows for this instant. Never throws and never blocks: a failure is
	 * kept and reported by {@link flush} / {@link writeFinal}.
	 */
	appendHistory(snapshot: StatsSnapshot, users: number, timestamp: number = snapshot.takenAt, targetUsers?: number): void {
		const text = statsHistoryCsvRows(snapshot, users, timestamp, this.options.fullHistory, targetUsers);
		this.queue = this.queue.then(async () => {
			if (this.failure) return;
			try {
				await appendFile(this.paths.history, text);
			} catch (error) {
				this.failure = writeError(this.paths.history, error);
			}
		});
	}

	/** Wait for queued history rows; throws the first write failure. */
	async flush(): Promise<void> {
		await this.queue;
		if (this.failure) throw this.failure;
	}

	/** Write stats, failures, exceptions and workers, after the queued history rows. */
	async writeFinal(snapshot: StatsSnapshot, workers: readonly WorkerReportRow[]): Promise<void> {
		await this.flush();
		const files: Array<[string, string]> = [
			[this.paths.stats, statsCsv(snapshot)],
			[this.paths.failures, failuresCsv(snapshot.errors)],
			[this.paths.exceptions, exceptionsCsv(snapshot.exceptions)],
			[this.paths.workers, workersCsv(workers)],
		];
		for (const [path, text] of files) {
			try {
				await mkdir(dirname(path), {recursive: true});
				await writeFile(path, text);
			} catch (error) {
				throw writeError(path, error);
			}
		}
	}
}
