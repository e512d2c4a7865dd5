/**
 * The configuration's one I/O edge: finds and reads the config file, then hands everything to
 * the pure resolveConfig(). Which file: `--config PATH`, else `DROVE_CONFIG`, else
 * `drove.config.json` in the working directory when there is one. A file named explicitly must
 * exist; the default one is optional.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DroveError } from '../errors.ts';
import type { Command, Config } from './config.ts';
import { resolveConfig, type ConfigFileText } from './resolve-config.ts';

export { resolveConfig, parseConfigText, type ConfigInput, type ConfigFileText } from './resolve-config.ts';
export type { Config, Command, Mode, FlagValues, Sources } from './config.ts';

/** The file looked for in the working directory. */
export const DEFAULT_CONFIG_FILE = 'drove.config.json';
/** Locust's file, read when there is no drove.config.json. */
export const LOCUST_CONFIG_FILE = 'locust.conf';

/** What the CLI knows; the rest defaults to this process's. */
export interface LoadConfigOptions {
	readonly command: Command;
	/** Flags given on the command line (camelCase key → raw value). */
	readonly cli: Readonly<Record<string, unknown>>;
	readonly stdoutIsTTY: boolean;
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly cwd?: string;
	readonly cpuCount?: number;
	/** User classes named as positional arguments. */
	readonly userClasses?: readonly string[];
}

function readConfigFile(cwd: string, cli: LoadConfigOptions['cli'], env: Readonly<Record<string, string | undefined>>): ConfigFileText | undefined {
	const named = typeof cli['config'] === 'string'
		? { given: cli['config'], by: '--config' }
		: env['DROVE_CONFIG'] ? { given: env['DROVE_CONFIG'], by: 'DROVE_CONFIG' }
		: env['LOCUST_CONFIG'] ? { given: env['LOCUST_CONFIG'], by: 'LOCUST_CONFIG' } : undefined;
	if (named && named.given.trim() === '') throw new DroveError('DROVE_CONFIG', `${named.by}: needs a path`);
	// Without drove.config.json, a locust.conf beside it is read, as Locust reads it.
	const label = named?.given ?? (existsSync(resolve(cwd, DEFAULT_CONFIG_FILE)) || !existsSync(resolve(cwd, LOCUST_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : LOCUST_CONFIG_FILE);
	const path = resolve(cwd, label);
	try {
		return { label, path, text: readFileSync(path, 'utf8') };
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (!named && code === 'ENOENT') return undefined;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
		throw new DroveError('DROVE_CONFIG', `${named?.by ?? DEFAULT_CONFIG_FILE}: cannot read "${label}": ${why}`);
	}
}

/**
 * Loads the configuration for this process.
 * @throws DroveError (exit code 2) naming the flag, variable or file at fault.
 */
export function loadConfig(options: LoadConfigOptions): Config {
	const env = options.env ?? process.env;
	const cwd = options.cwd ?? process.cwd();
	return resolveConfig({
		command: options.command,
		cli: options.cli,
		env,
		file: readConfigFile(cwd, options.cli, env),
		cwd,
		stdoutIsTTY: options.stdoutIsTTY,
		cpuCount: options.cpuCount ?? availableParallelism(),
		...(options.userClasses && { userClasses: options.userClasses }),
	});
}
