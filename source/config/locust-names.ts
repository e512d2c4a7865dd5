/**
 * Locust's names for the settings both tools have, so a team's existing CI carries over: the
 * `LOCUST_*` environment variables (read when the `DROVE_*` one is unset) and the keys of a
 * `locust.conf` (`key = value` lines). Locust's names are its long flags, except where noted.
 */
import type { FlagKey } from './flags.ts';

/** The flags Locust has too, and their LOCUST_ variable where it is not `LOCUST_` + the flag's name. */
const LOCUST_FLAGS: Readonly<Partial<Record<FlagKey, string>>> = {
	plan: 'LOCUST_LOCUSTFILE',
	host: '',
	users: '',
	spawnRate: '',
	runTime: '',
	headless: '',
	config: '',
	list: '',
	showTaskRatio: '',
	tags: '',
	excludeTags: '',
	stopTimeout: '',
	master: 'LOCUST_MODE_MASTER',
	worker: 'LOCUST_MODE_WORKER',
	masterHost: 'LOCUST_MASTER_NODE_HOST',
	masterPort: 'LOCUST_MASTER_NODE_PORT',
	masterBindHost: '',
	masterBindPort: '',
	expectWorkers: '',
	expectWorkersMaxWait: '',
	processes: '',
	json: '',
	csv: '',
	csvFullHistory: '',
	exitCodeOnError: '',
};

/** The LOCUST_ variable of a flag, or undefined when Locust has no such flag. */
export function locustEnvName(flag: { key: string; name: string }): string | undefined {
	const special = LOCUST_FLAGS[flag.key as FlagKey];
	if (special === undefined) return undefined;
	return special || `LOCUST_${flag.name.toUpperCase().replaceAll('-', '_')}`;
}

/** locust.conf keys that are not a Drove flag's name. */
const LOCUST_CONF_KEYS: Readonly<Record<string, FlagKey>> = {
	locustfile: 'plan',
	'master-node-host': 'masterHost',
	'master-node-port': 'masterPort',
	// Older Locust's names.
	slave: 'worker',
	'expect-slaves': 'expectWorkers',
};

/** The flag key a locust.conf key names (`spawn-rate`, `spawn_rate`, `locustfile`), or undefined. */
export function flagKeyOfConfKey(key: string, byName: (name: string) => string | undefined): string | undefined {
	const name = key.trim().toLowerCase().replaceAll('_', '-');
	return LOCUST_CONF_KEYS[name] ?? byName(name);
}

/** A `key = value` line's parts; Locust (configargparse) also takes `key: value` and `key value`. */
const LINE = /^([A-Za-z][\w-]*)\s*(?:[=:]\s*|\s+)(.*)$/;

/**
 * Parses Locust's config file format: `key = value` lines; `#` and `;` comments, blank lines
 * and `[section]` headers are skipped; a bare `key` is `key = true`, as configargparse reads it.
 * @returns the entries in order, or the first line it cannot read.
 */
export function parseConfLines(text: string): { ok: true; entries: [key: string, value: string, line: number][] } | { ok: false; line: number } {
	const entries: [string, string, number][] = [];
	const lines = text.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';') || /^\[.*\]$/.test(line)) continue;
		if (/^[A-Za-z][\w-]*$/.test(line)) {
			entries.push([line, 'true', i + 1]);
			continue;
		}
		const match = LINE.exec(line);
		if (!match) return { ok: false, line: i + 1 };
		entries.push([match[1]!, match[2]!.trim().replace(/^(["'])(.*)\1$/, '$2'), i + 1]);
	}
	return { ok: true, entries };
}
