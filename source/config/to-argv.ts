/**
 * The inverse of parsing: flag values back into command-line arguments. For the master's
 * printed join command (`drove --worker --master-host 10.0.0.5 ...`) and for starting local
 * worker processes with exactly the settings the parent resolved.
 */
import { FLAGS } from './flags.ts';
import type { FlagKey } from './flags.ts';
import { formatDuration } from './parse-duration.ts';

/** Values to turn into flags, by camelCase key, as in Config (durations in ms). */
export type FlagValueMap = Partial<Record<FlagKey, unknown>>;

function isMode(key: string): boolean {
	return key === 'master' || key === 'worker';
}

/**
 * `{ worker: true, masterHost: 'h', statsInterval: 500, tags: ['a', 'b'] }` →
 * `['--worker', '--master-host=h', '--stats-interval=500ms', '--tags=a,b']`.
 * Undefined values, false booleans and empty lists are left out; --master/--worker come
 * first, the rest in the flag table's order.
 * @throws Error for a key the table does not know (a bug in the caller).
 */
export function toArgv(values: FlagValueMap): string[] {
	for (const key of Object.keys(values)) {
		if (!FLAGS.some((flag) => flag.key === key)) throw new Error(`toArgv: no flag "${key}"`);
	}
	const argv: string[] = [];
	// The mode first, as people write it: `drove --worker --master-host ...`.
	const ordered = [...FLAGS].sort((a, b) => Number(isMode(b.key)) - Number(isMode(a.key)));
	for (const flag of ordered) {
		const value = values[flag.key];
		if (value === undefined || value === null) continue;
		const name = `--${flag.name}`;
		// `--name=value` keeps a value that starts with "-" (processes -1) from reading as a flag.
		if (flag.type === 'boolean') {
			if (value === true) argv.push(name);
		} else if (flag.type === 'list') {
			if (Array.isArray(value) && value.length > 0) argv.push(`${name}=${value.join(',')}`);
		} else if (flag.type === 'duration') {
			argv.push(`${name}=${formatDuration(Number(value))}`);
		} else {
			argv.push(`${name}=${String(value)}`);
		}
	}
	return argv;
}

/** Quotes one argument for a POSIX shell, only when it needs it, for commands people copy. */
export function shellQuote(argument: string): string {
	return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", "'\\''")}'`;
}
