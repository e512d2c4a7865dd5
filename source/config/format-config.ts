/**
 * `--print-config`: the merged configuration as JSON, with where each value came from, to debug
 * precedence ("why is users 50?"). Durations read as durations (`60s`), and secrets are hidden:
 * the output gets pasted into issues and chat.
 */
import type { Config } from './config.ts';
import { FLAGS } from './flags.ts';
import { formatDuration } from './parse-duration.ts';

const HIDDEN = '(hidden)';

/** mqtts://ann:secret@host → mqtts://ann:(hidden)@host */
function hidePassword(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password === '') return url;
		parsed.password = HIDDEN;
		return parsed.toString().replace(encodeURIComponent(HIDDEN), HIDDEN);
	} catch {
		return url;
	}
}

/** The printable form of the config, as a plain object. */
export function printableConfig(config: Config): Record<string, unknown> {
	const settings: Record<string, unknown> = {};
	for (const flag of FLAGS) {
		if (!(flag.key in config.sources)) continue;
		const value = (config as unknown as Record<string, unknown>)[flag.key];
		if (value !== undefined && 'secret' in flag && flag.secret) settings[flag.key] = HIDDEN;
		else if (flag.key === 'broker' && typeof value === 'string') settings[flag.key] = hidePassword(value);
		else if (flag.type === 'duration' && typeof value === 'number') settings[flag.key] = formatDuration(value);
		else settings[flag.key] = value ?? null;
	}
	return {
		command: config.command,
		mode: config.mode,
		configFile: config.configFile ?? null,
		settings,
		sources: config.sources,
	};
}

/** `--print-config` output: indented JSON, ending in a newline. */
export function formatConfig(config: Config): string {
	return `${JSON.stringify(printableConfig(config), null, 2)}\n`;
}
