/** `--loglevel`: Locust's level names (Python's logging) over Drove's three log levels. Pure. */

/** Drove's log levels, least severe first. */
export type LogLevel = 'info' | 'warn' | 'error';

/** Each Locust level name to the least severe Drove level it shows. */
const LEVELS: Readonly<Record<string, LogLevel>> = { DEBUG: 'info', INFO: 'info', WARNING: 'warn', WARN: 'warn', ERROR: 'error', CRITICAL: 'error' };
const RANK: Readonly<Record<LogLevel, number>> = { info: 0, warn: 1, error: 2 };

/** The flag's check: a problem phrase, or undefined. */
export function checkLogLevel(value: unknown): string | undefined {
	return String(value).toUpperCase() in LEVELS ? undefined : `must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got "${String(value)}"`;
}

/** Whether a line of `level` is shown under `--loglevel threshold`. */
export function shownAt(level: LogLevel, threshold: string): boolean {
	return RANK[level] >= RANK[LEVELS[threshold.toUpperCase()] ?? 'info'];
}
