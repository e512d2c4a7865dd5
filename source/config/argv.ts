/**
 * The command line's shape, from the flag table: meow's flag definitions, the check for unknown
 * flags (meow's own prints several lines; ours is one, with a suggestion), and the positional
 * command. Pure: takes argv, returns data or a DroveError.
 */
import { DroveError } from '../errors.ts';
import type { Command } from './config.ts';
import { FLAGS } from './flags.ts';
import { suggest } from './suggest.ts';

/** One meow flag definition. Every value flag is a string to meow: ours parses and explains. */
export interface MeowFlag {
	readonly type: 'string' | 'boolean';
	readonly shortFlag?: string;
	readonly isMultiple?: boolean;
}

/** Flags for meow, keyed by camelCase name. */
export function meowFlags(): Record<string, MeowFlag> {
	return Object.fromEntries(
		FLAGS.map((flag) => [
			flag.key,
			{
				type: flag.type === 'boolean' ? 'boolean' : 'string',
				...('short' in flag && flag.short ? { shortFlag: flag.short } : {}),
				...(flag.type === 'list' ? { isMultiple: true } : {}),
			},
		]),
	);
}

/** Locust flags a Locust user may type, and what Drove calls them. */
const LOCUST_NAMES: Readonly<Record<string, string>> = { locustfile: '-f/--plan' };

/** Older Locust's names (the legacy distributed docs), which still work: old → current. */
const LEGACY_NAMES: Readonly<Record<string, string>> = { slave: 'worker', 'expect-slaves': 'expect-workers', 'no-web': 'headless' };

/**
 * Rewrites older Locust's flag names to the current ones (`--slave` → `--worker`,
 * `--expect-slaves 3` → `--expect-workers 3`, `--no-web` → `--headless`), with one notice
 * line for each name used, so old CI scripts run and say what to write now.
 */
export function translateLegacyFlags(argv: readonly string[]): { argv: string[]; notices: string[] } {
	const out: string[] = [];
	const notices: string[] = [];
	let ended = false;
	for (const token of argv) {
		if (token === '--') ended = true;
		const match = ended ? null : /^--([a-z-]+)(=.*)?$/.exec(token);
		const current = match ? LEGACY_NAMES[match[1]!] : undefined;
		if (!match || current === undefined) {
			out.push(token);
			continue;
		}
		out.push(`--${current}${match[2] ?? ''}`);
		const notice = `--${match[1]} is the old name of --${current}; it works, but write --${current}`;
		if (!notices.includes(notice)) notices.push(notice);
	}
	return { argv: out, notices };
}

function usageError(message: string): DroveError {
	return new DroveError('DROVE_USAGE', `${message} (see drove --help)`);
}

function unknownLong(name: string): DroveError {
	const locust = LOCUST_NAMES[name];
	if (locust) return usageError(`unknown flag --${name}: Drove calls it ${locust}`);
	const hint = suggest(name, FLAGS.map((flag) => flag.name));
	return usageError(`unknown flag --${name}${hint ? `; did you mean --${hint}?` : ''}`);
}

/**
 * Finds the first flag the table does not know, scanning as yargs-parser does: `--name`,
 * `--name=value`, `--no-name` for booleans, `-x`, `-xVALUE` and grouped boolean shorts; a
 * negative number (`--processes -1`) is a value, and `--` ends the flags.
 * @throws DroveError (exit code 2): `unknown flag --foo (see drove --help)`.
 */
export function checkUnknownFlags(argv: readonly string[]): void {
	const longs = new Map<string, (typeof FLAGS)[number]>(FLAGS.map((flag) => [flag.name, flag]));
	const shorts = new Map<string, (typeof FLAGS)[number]>(FLAGS.filter((flag) => 'short' in flag).map((flag) => [(flag as { short: string }).short, flag]));
	for (const token of argv) {
		if (token === '--') return;
		if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
		if (token.startsWith('--')) {
			const name = token.slice(2).split('=')[0]!;
			const negated = name.startsWith('no-') ? longs.get(name.slice(3)) : undefined;
			if (longs.has(name) || negated?.type === 'boolean') continue;
			if (negated) throw usageError(`--${name}: only on/off flags take --no-; --${negated.name} takes a value`);
			throw unknownLong(name);
		}
		for (const letter of token.slice(1)) {
			const flag = shorts.get(letter);
			if (!flag) throw usageError(`unknown flag -${letter}${token.length > 2 ? ` (in ${token})` : ''}`);
			if (flag.type !== 'boolean') break; // The rest of the token is its value: -u10.
		}
	}
}

/**
 * The command from the positional arguments: none runs the plan, `demo` runs the demo,
 * `report FILE` renders a saved summary (FILE is `input[1]`), and names run only those user
 * classes of the plan (`drove -f plan.ts Browser Buyer`, as Locust).
 * @throws DroveError for arguments after `demo`, or a stray plan path (pointing it at -f).
 */
export function commandFrom(input: readonly string[]): Command {
	if (input.length === 0) return 'run';
	const [first, second, third] = input;
	if (first === 'demo' && second === undefined) return 'demo';
	if (first === 'report') {
		if (second === undefined) throw usageError('report needs the --json summary to render: drove report summary.json --html report.html');
		if (third !== undefined) throw usageError(`unexpected argument "${third}": report renders one summary`);
		return 'report';
	}
	const stray = first === 'demo' ? second! : input.find((arg) => planLike.test(arg));
	if (stray === undefined) return 'run';
	if (planLike.test(stray)) throw usageError(`unexpected argument "${stray}": give the plan with -f ${stray}`);
	throw usageError(`unexpected argument "${stray}"`);
}

const planLike = /\.(?:[cm]?[jt]s|tsx?|py)$/;

/** The user classes named on the command line (none: every class of the plan). */
export function classNamesFrom(input: readonly string[]): string[] {
	return input[0] === 'demo' || input[0] === 'report' ? [] : [...new Set(input)];
}
