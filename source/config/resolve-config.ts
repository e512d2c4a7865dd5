/**
 * The pure core of configuration: merges defaults < config file < DROVE_* environment < command
 * line, parsing every value with the same rules whatever its source, then hands the draft to the
 * cross-field checks. No I/O: the file arrives as text, the environment as a record, and the
 * terminal and core count as plain values, so every rule is testable in a unit test.
 */
import { dirname, resolve } from 'node:path';
import { DroveError } from '../errors.ts';
import type { Command, Config } from './config.ts';
import { checkConfig, type Draft, type Origin } from './check-config.ts';
import { FLAGS, envName, flagByKey } from './flags.ts';
import { settablePlaces, type FlagSpec } from './flag-spec.ts';
import { flagKeyOfConfKey, locustEnvName, parseConfLines } from './locust-names.ts';
import { parseValue } from './parse-value.ts';
import { suggest } from './suggest.ts';

/** A config file as read from disk. */
export interface ConfigFileText {
	/** How errors name it: the path as the user gave it, or `drove.config.json`. */
	readonly label: string;
	/** Absolute path, to resolve relative paths inside it. */
	readonly path: string;
	readonly text: string;
}

/** Everything configuration depends on. */
export interface ConfigInput {
	readonly command: Command;
	/** Flags given on the command line: camelCase key → raw value (string, boolean or string[]). */
	readonly cli: Readonly<Record<string, unknown>>;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly file?: ConfigFileText | undefined;
	/** The working directory, for relative paths on the command line and in the environment. */
	readonly cwd: string;
	/** Whether stdout is a terminal; when it is not, there is no dashboard. */
	readonly stdoutIsTTY: boolean;
	/** Cores, for `--processes -1`. */
	readonly cpuCount: number;
	/** User classes named as positional arguments. */
	readonly userClasses?: readonly string[];
}

/** Config errors are the user's: exit code 2. */
function configError(message: string): DroveError {
	return new DroveError('DROVE_CONFIG', message);
}

/** True for a file in Locust's `key = value` form (locust.conf) rather than JSON. */
export function isConfFormat(file: ConfigFileText): boolean {
	return !/\.json$/i.test(file.path) && !file.text.trimStart().startsWith('{');
}

/**
 * Reads a locust.conf: each key becomes a flag key (Locust's names, kebab or snake case).
 * @throws DroveError naming the line of an unreadable line or unknown key, with a did-you-mean.
 */
function parseConfText(file: ConfigFileText): Record<string, unknown> {
	const parsed = parseConfLines(file.text);
	if (!parsed.ok) throw configError(`${file.label}: line ${parsed.line} is not "key = value"`);
	const names = FLAGS.map((flag) => flag.name);
	const out: Record<string, unknown> = {};
	for (const [key, value, line] of parsed.entries) {
		const flagKey = flagKeyOfConfKey(key, (name) => FLAGS.find((flag) => flag.name === name)?.key);
		if (flagKey === undefined) {
			const hint = suggest(key, names);
			throw configError(`${file.label}: line ${line}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; see docs/CONFIG.md`);
		}
		out[flagKey] = value;
	}
	return out;
}

/** Parses the config file's JSON; a syntax error names the line and column. */
export function parseConfigText(file: ConfigFileText): Record<string, unknown> {
	if (isConfFormat(file)) return parseConfText(file);
	if (file.text.trim() === '') throw configError(`${file.label}: is empty; it should hold a JSON object of settings, like {"users": 10}`);
	let data: unknown;
	try {
		data = JSON.parse(file.text);
	} catch (error) {
		const reason = (error as Error).message;
		const position = /position (\d+)/.exec(reason);
		let where = '';
		if (position) {
			const before = file.text.slice(0, Number(position[1]));
			const line = before.split('\n').length;
			where = ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
		}
		throw configError(`${file.label}: not valid JSON${where} (${reason.replace(/ in JSON at position.*$/, '').replace(/\s+/g, ' ')})`);
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw configError(`${file.label}: must hold a JSON object of settings, like {"users": 10}`);
	}
	return data as Record<string, unknown>;
}

function put(draft: Draft, flag: FlagSpec, raw: unknown, origin: Origin, problemPrefix: string, baseDir: string): void {
	const parsed = parseValue(flag, raw);
	if (!parsed.ok) throw configError(`${problemPrefix}${parsed.problem}`);
	const value = flag.path === 'input' && typeof parsed.value === 'string' ? resolve(baseDir, parsed.value) : parsed.value;
	draft.values.set(flag.key, value);
	draft.origins.set(flag.key, origin);
}

function mergeFile(draft: Draft, file: ConfigFileText): void {
	const data = parseConfigText(file);
	for (const [key, raw] of Object.entries(data)) {
		const flag = flagByKey(key);
		if (!flag) {
			const hint = suggest(key, FLAGS.map((candidate) => candidate.key));
			throw configError(`${file.label}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; see docs/CONFIG.md`);
		}
		if (!settablePlaces(flag).includes('file')) {
			throw configError(`${file.label}: "${key}" cannot be set in a config file; use --${flag.name}`);
		}
		const origin: Origin = { kind: 'file', label: `${file.label} "${key}"`, source: file.label };
		put(draft, flag, raw, origin, `${file.label}: "${key}" `, dirname(file.path));
	}
}

function mergeEnv(draft: Draft, env: ConfigInput['env'], cwd: string): void {
	for (const flag of FLAGS) {
		if (!settablePlaces(flag).includes('env')) continue;
		// An empty variable counts as unset, as shells make `FOO= drove` easy to type by accident.
		// Locust's LOCUST_* name is read when the DROVE_* one is unset, so Locust's CI carries over.
		const locust = locustEnvName(flag);
		const name = env[envName(flag)] || locust === undefined || !env[locust] ? envName(flag) : locust;
		const raw = env[name];
		if (raw === undefined || raw === '') continue;
		put(draft, flag, raw, { kind: 'env', label: name, source: name }, `${name}: `, cwd);
	}
}

function mergeCli(draft: Draft, cli: ConfigInput['cli'], cwd: string): void {
	for (const [key, raw] of Object.entries(cli)) {
		const flag = flagByKey(key);
		// The CLI edge rejects unknown flags before this; meow's own extras are skipped.
		if (!flag || raw === undefined || (Array.isArray(raw) && raw.length === 0)) continue;
		const label = `--${flag.name}`;
		put(draft, flag, raw, { kind: 'cli', label, source: label }, `${label}: `, cwd);
	}
}

/**
 * Resolves the configuration.
 * @throws DroveError (exit code 2) with one line naming the source of the bad value.
 */
export function resolveConfig(input: ConfigInput): Config {
	const draft: Draft = { values: new Map(), origins: new Map() };
	for (const flag of FLAGS) {
		draft.values.set(flag.key, flag.default);
		draft.origins.set(flag.key, { kind: 'default', label: `--${flag.name}`, source: 'default' });
	}
	if (input.file) mergeFile(draft, input.file);
	mergeEnv(draft, input.env, input.cwd);
	mergeCli(draft, input.cli, input.cwd);
	return checkConfig(draft, {
		command: input.command,
		stdoutIsTTY: input.stdoutIsTTY,
		cpuCount: input.cpuCount,
		configFile: input.file?.path,
		userClasses: input.userClasses ?? [],
	});
}
