/**
 * `--logfile`: a file that gets the log lines too (the master's entries, or a worker's own
 * lines), as shown under `--loglevel` (config/log-level.ts).
 */
import { appendFileSync } from 'node:fs';
import { DroveError, ExitCode } from '../errors.ts';

/**
 * Appends lines to `--logfile` (synchronously: few lines, and none lost at exit).
 * @throws DroveError (exit code 2) when the file cannot be opened, at the first line.
 */
export function logFileWriter(path: string | undefined): (line: string) => void {
	if (path === undefined) return () => undefined;
	try {
		appendFileSync(path, '');
	} catch (error) {
		throw new DroveError('LOGFILE_UNWRITABLE', `cannot write --logfile ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.usage);
	}
	return (line) => {
		try {
			appendFileSync(path, `${new Date().toISOString()} ${line}\n`);
		} catch {
			// A log file that fails mid-run must not stop the load.
		}
	};
}
