/**
 * Writes the --html and --junit files from a summary document: at the end of a run, and from
 * `drove report`. A file that cannot be written is the person's mistake (a wrong directory):
 * one line, exit code 2.
 */
import { writeFile } from 'node:fs/promises';
import type { Config } from '../config/config.ts';
import { DroveError, ExitCode } from '../errors.ts';
import type { JsonSummary } from '../report/json-summary.ts';

async function write(path: string, flag: string, text: string): Promise<void> {
	try {
		await writeFile(path, text);
	} catch (error) {
		throw new DroveError('REPORT_UNWRITABLE', `cannot write ${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.usage);
	}
}

/**
 * The files `config` asks for (none when it asks for neither). The renderers (d3, an XML
 * builder) load only when asked for: a run without --html or --junit never pays for them.
 */
export async function writeReportFiles(summary: JsonSummary, config: Pick<Config, 'html' | 'junit' | 'exitCodeOnError'>): Promise<void> {
	if (config.html !== undefined) {
		const { renderHtmlReport } = await import('../report/html-report.ts');
		await write(config.html, '--html', renderHtmlReport(summary));
	}
	if (config.junit !== undefined) {
		const { renderJunit } = await import('../report/junit.ts');
		await write(config.junit, '--junit', renderJunit(summary, { exitCodeOnError: config.exitCodeOnError }));
	}
}
