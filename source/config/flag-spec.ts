/**
 * The shape of one row of the flag table (flags.ts), and how a row's default reads in help.
 */
import { formatDuration } from './parse-duration.ts';

/** How a flag's value is typed and parsed. Durations become milliseconds. */
export type FlagType = 'string' | 'number' | 'boolean' | 'duration' | 'list';

/**
 * What this process is: `local` is a master plus `--processes` local workers on loopback (the
 * plain `drove -f plan.ts`), `master` coordinates remote workers, `worker` runs users for one.
 */
export type Mode = 'local' | 'master' | 'worker';

/** The headings of `--help`. */
export type FlagGroup = 'Common' | 'Run' | 'Distributed' | 'Security' | 'Output';

/**
 * Where a person can set a value, weakest first: config file < environment < command line.
 * (A merged value's `Origin`, in check-config.ts, is one of these, a default or implied.)
 */
export type SettingPlace = 'file' | 'env' | 'cli';

/** One flag. */
export interface FlagSpec {
	/** camelCase: the config-file key and the Config field. */
	readonly key: string;
	/** kebab-case: `--name` on the command line. */
	readonly name: string;
	/** One-letter alias, `-f`. */
	readonly short?: string;
	readonly type: FlagType;
	/** Placeholder for the value in help, e.g. PATH. */
	readonly valueName?: string;
	/** The value when nothing sets it (durations in ms; undefined = unset). */
	readonly default: unknown;
	/** How the default reads in help when the bare value would not say enough. */
	readonly defaultText?: string;
	readonly description: string;
	readonly group: FlagGroup;
	/** The modes the flag means something in; given on the command line in another, it is an error. */
	readonly modes: readonly Mode[];
	/** Where it may be set (default: all three). */
	readonly settableIn?: readonly SettingPlace[];
	/** Numbers: whole numbers only. */
	readonly integer?: boolean;
	/** Numbers: lower bound, inclusive unless minExclusive. */
	readonly min?: number;
	readonly minExclusive?: boolean;
	/** Numbers: upper bound, inclusive. */
	readonly max?: number;
	/** Overrides the "must be ..." phrase of number errors. */
	readonly expect?: string;
	/** Extra check on a parsed value: a problem phrase ("must be ..., got ...") or undefined. */
	readonly check?: (value: unknown) => string | undefined;
	/** A file the flag reads: relative paths in a config file resolve against that file's folder. */
	readonly path?: 'input';
	/** Hidden by --print-config. */
	readonly secret?: boolean;
}

/** Identity, but keeps the literal types of the table (its keys) for FlagKey. */
export function flagTable<const T extends readonly FlagSpec[]>(flags: T): T {
	return flags;
}

/** Where a flag may be set. */
export function settablePlaces(flag: FlagSpec): readonly SettingPlace[] {
	return flag.settableIn ?? ['file', 'env', 'cli'];
}

/** The default as shown in help and docs: `60s`, `1`, `127.0.0.1`, `false`. */
export function defaultText(flag: FlagSpec): string {
	if (flag.defaultText !== undefined) return flag.defaultText;
	const value = flag.default;
	if (value === undefined) return 'none';
	if (flag.type === 'duration' && typeof value === 'number') return formatDuration(value);
	if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
	return String(value);
}

/** `-f, --plan PATH` */
export function usageText(flag: FlagSpec): string {
	const long = `--${flag.name}${flag.valueName ? ` ${flag.valueName}` : ''}`;
	return flag.short ? `-${flag.short}, ${long}` : `    ${long}`;
}
