/**
 * Writes the --html and --junit files from a summary document: at the end of a run, and from
 * `drove report`. A file that cannot be written is the person's mistake (a wrong directory):
 * one line, exit code 2.
 */
import { writeFile } from 'node:fs/promises';
import type { Config } from '../config/config.ts';
import { DroveError, ExitCode } from '../errors.ts';
import { renderHtmlReport } from '../report/html-report.ts';
import type { JsonSummary } from '../report/json-summary.ts';
import { renderJunit } from '../report/junit.ts';

async function write(path: string, flag: string, text: string): Promise<void> {
	try {
		await writeFile(path, text);
	} catch (error) {
		throw new DroveError('REPORT_UNWRITABLE', `cannot write ${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.usage);
	}
}

/** The files `config` asks for (none when it asks for neither). */
export async function writeReportFiles(summary: JsonSummary, config: Pick<Config, 'html' | 'junit' | 'exitCodeOnError'>): Promise<void> {
	if (config.html !== undefined) await write(config.html, '--html', renderHtmlReport(summary));
	if (config.junit !== undefined) await write(config.junit, '--junit', renderJunit(summary, { exitCodeOnError: config.exitCodeOnError }));
}
