/**
 * `drove --help`, generated from the flag table so it lists every flag with its default, grouped,
 * and fits 80 columns (people read it over SSH).
 */
import { ExitCode } from '../errors.ts';
import { FLAGS } from './flags.ts';
import { defaultText, usageText, type FlagGroup, type FlagSpec } from './flag-spec.ts';

const WIDTH = 80;
/** Where descriptions start; a longer usage gets a line of its own. */
const DESCRIPTION_COLUMN = 30;
/** The help sections, in order; every flag's group is one of them. */
export const GROUPS: readonly FlagGroup[] = ['Common', 'Run', 'Distributed', 'Security', 'Output'];

/** Exit codes and what they mean, for help and docs. */
export const EXIT_CODES: ReadonlyArray<readonly [number, string]> = [
	[ExitCode.ok, 'the run finished cleanly'],
	[ExitCode.failures, 'requests failed or tasks threw (change it with --exit-code-on-error)'],
	[ExitCode.usage, 'bad flag, config file, environment variable or plan'],
	[ExitCode.fleet, 'the fleet failed: workers never came, all were lost, or one was killed'],
	[ExitCode.threshold, 'a threshold failed (--threshold or the plan\'s); wins over 1'],
	[ExitCode.internal, 'Drove itself broke (a bug; DROVE_DEBUG=1 shows the stack)'],
];

/** Words wrapped to `width`; `[default: ...]` stays in one piece so it can be found and read. */
function wrap(text: string, tail: string, width: number): string[] {
	const words = [...text.split(/\s+/).filter(Boolean), tail];
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		if (line !== '' && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else {
			line = line === '' ? word : `${line} ${word}`;
		}
	}
	if (line !== '') lines.push(line);
	return lines;
}

function flagLines(flag: FlagSpec): string[] {
	const usage = `  ${usageText(flag)}`;
	const pad = ' '.repeat(DESCRIPTION_COLUMN);
	const description = wrap(flag.description, `[default: ${defaultText(flag)}]`, WIDTH - DESCRIPTION_COLUMN);
	const lines = description.map((line) => pad + line);
	if (usage.length < DESCRIPTION_COLUMN - 1) lines[0] = usage.padEnd(DESCRIPTION_COLUMN) + description[0];
	else lines.unshift(usage);
	return lines;
}

/** The whole help text, ending in a newline. */
export function helpText(version: string): string {
	const out: string[] = [
		`Drove ${version}: distributed HTTP load testing, driven from a terminal`,
		'',
		'Usage',
		'  drove -f PLAN [flags]                 master, dashboard and local workers',
		'  drove -f PLAN --headless -u 50 -r 10 -t 30s      no dashboard: for CI',
		'  drove -f PLAN --master --expect-workers 4        workers join from elsewhere',
		'  drove --worker --master-host HOST --processes 4  workers for a remote master',
		'  drove demo                            built-in target, sample plan, dashboard',
		'  drove report SUMMARY.json --html OUT.html     report of a saved --json run',
	];
	for (const group of GROUPS) {
		out.push('', group);
		for (const flag of FLAGS.filter((candidate) => candidate.group === group)) out.push(...flagLines(flag));
	}
	out.push(
		'',
		'Every flag can also be set as a DROVE_<FLAG> environment variable',
		'(DROVE_SPAWN_RATE=5) or in drove.config.json with camelCase keys',
		'({"spawnRate": 5}). The command line wins over the environment, which wins over',
		'the file. Booleans take --no-<flag>. Durations: 30s, 5m, 1h30m, 250ms, or a',
		'number of seconds. More in docs/CONFIG.md.',
		'',
		'Exit codes',
		...EXIT_CODES.map(([code, meaning]) => `  ${String(code).padEnd(4)}${meaning}`),
	);
	return `${out.join('\n')}\n`;
}
