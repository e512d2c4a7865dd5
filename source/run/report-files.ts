/**
 * Writes the --html and --junit files from a summary document: at the end of a run, and from
 * `drove report`. A file that cannot be written is the person's mistake (a wrong directory):
 * one line, exit code 2, and a run finds out before it starts (checkReportPaths), as --csv does.
 */
import { open, rm, stat, writeFile } from 'node:fs/promises';
import type { Config } from '../config/config.ts';
import { DroveError, ExitCode } from '../errors.ts';
import type { JsonSummary } from '../report/json-summary.ts';

/** What the common refusals mean for a report path. */
const WHY: Record<string, string> = {
	ENOENT: 'its directory does not exist',
	ENOTDIR: 'a part of the path is not a directory',
	EISDIR: 'it is a directory',
	EACCES: 'permission denied',
	EROFS: 'read-only file system',
};

function unwritable(path: string, flag: string, error: unknown): DroveError {
	const code = (error as NodeJS.ErrnoException).code;
	const why = code === undefined ? String(error) : WHY[code] === undefined ? code : `${code}: ${WHY[code]}`;
	return new DroveError('REPORT_UNWRITABLE', `cannot write ${flag} ${path} (${why})`, ExitCode.usage);
}

async function write(path: string, flag: string, text: string): Promise<void> {
	try {
		await writeFile(path, text);
	} catch (error) {
		throw unwritable(path, flag, error);
	}
}

/**
 * Before a run: can the --html and --junit files be written? Each is opened for appending, the
 * test the final write would fail (a missing directory, a directory in its place, no
 * permission, /proc), without truncating an old report the run has not replaced yet; a file
 * the check created is removed again, so a run that never ends well leaves nothing behind.
 */
export async function checkReportPaths(config: Pick<Config, 'html' | 'junit'>): Promise<void> {
	for (const [path, flag] of [[config.html, '--html'], [config.junit, '--junit']] as const) {
		if (path === undefined) continue;
		const existed = await stat(path).then(() => true, () => false);
		try {
			await (await open(path, 'a')).close();
		} catch (error) {
			throw unwritable(path, flag, error);
		}
		if (!existed) await rm(path, { force: true });
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
