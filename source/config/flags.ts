/**
 * Every flag Drove has, in one table: the command line, `--help`, the config file, the
 * `DROVE_*` environment variables and docs/CONFIG.md are all derived from it, so they cannot
 * drift apart. Names follow Locust's where Locust has the flag, with Locust's defaults.
 */
import { checkLogLevel } from './log-level.ts';
import { flagTable, type FlagSpec } from './flag-spec.ts';
import { parseStages, STAGES_EXPECTED } from '../shape/parse-stages.ts';
import { parseThreshold } from '../thresholds/parse-threshold.ts';

export type { FlagSpec, FlagType, FlagGroup, Mode, SettingPlace } from './flag-spec.ts';

const ALL = ['local', 'master', 'worker'] as const;
const RUNNERS = ['local', 'master'] as const;
const MQTT_URL = /^mqtts?:\/\/[^/]+/;
/** A cluster name becomes an MQTT topic level, so it must not hold `/`, `+`, `#` or spaces. */
const CLUSTER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Run times, intervals and timeouts of zero would mean "never" or "spin": refuse them. */
function positive(value: unknown): string | undefined {
	return typeof value === 'number' && value > 0 ? undefined : 'must be longer than 0s';
}

function checkHost(value: unknown): string | undefined {
	const text = String(value);
	try {
		const url = new URL(text);
		if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
	} catch {
		// Falls through to the message below.
	}
	return `must be a URL starting with http:// or https://, got "${text}"`;
}

function checkStages(value: unknown): string | undefined {
	const parsed = parseStages(String(value));
	return typeof parsed === 'string' ? parsed : undefined;
}

function checkThresholds(value: unknown): string | undefined {
	for (const expression of value as string[]) {
		const parsed = parseThreshold(expression);
		if (typeof parsed === 'string') return `"${expression}": ${parsed}`;
	}
	return undefined;
}

/** The table. Durations are in milliseconds here and in the Config; users type `30s`. */
export const FLAGS = flagTable([
	// Common
	{ key: 'plan', name: 'plan', short: 'f', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'none', group: 'Common', modes: ALL, path: 'input',
		description: 'Test plan (.ts, .mts, .js, .mjs) exporting user classes. Required except on a worker, which then runs the plan its master ships.' },
	{ key: 'host', name: 'host', short: 'H', type: 'string', valueName: 'URL', default: undefined, defaultText: "the plan's host", group: 'Common', modes: ALL, check: checkHost,
		description: 'Target to load, e.g. http://10.0.0.7:8080; overrides the host in the plan.' },
	{ key: 'users', name: 'users', short: 'u', type: 'number', valueName: 'N', integer: true, min: 0, default: undefined, defaultText: '1 headless; the dashboard asks', group: 'Common', modes: RUNNERS,
		description: 'Peak number of concurrent users across all workers. Without it the dashboard waits for you to set users and start; a headless run uses 1, as Locust does.' },
	{ key: 'spawnRate', name: 'spawn-rate', short: 'r', type: 'number', valueName: 'N', min: 0, minExclusive: true, default: 1, group: 'Common', modes: RUNNERS,
		description: 'Users started (or stopped) per second, for the whole fleet.' },
	{ key: 'runTime', check: positive, name: 'run-time', short: 't', type: 'duration', valueName: 'TIME', default: undefined, defaultText: 'until stopped', group: 'Common', modes: RUNNERS,
		description: 'Stop after this long, e.g. 30s, 5m, 1h30m; counted from the start of the ramp.' },
	{ key: 'headless', name: 'headless', type: 'boolean', default: false, group: 'Common', modes: ALL,
		description: 'No dashboard: periodic status lines on stderr, a summary on stdout, an exit code. Implied when stdout is not a terminal, with --json, and on workers.' },
	{ key: 'config', name: 'config', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'drove.config.json if present', group: 'Common', modes: ALL, settableIn: ['cli', 'env'],
		description: "Config file to read instead of ./drove.config.json (or ./locust.conf): JSON with camelCase keys, or Locust's key = value lines; it must exist." },
	{ key: 'list', name: 'list', short: 'l', type: 'boolean', default: false, group: 'Common', modes: RUNNERS,
		description: "Print the plan's user classes (weight or fixed count, tags, tasks) and exit." },
	{ key: 'showTaskRatio', name: 'show-task-ratio', type: 'boolean', default: false, group: 'Common', modes: RUNNERS,
		description: "Print each user class's share of the users and each task's share of its class, and exit." },
	{ key: 'printConfig', name: 'print-config', type: 'boolean', default: false, group: 'Common', modes: ALL, settableIn: ['cli'],
		description: 'Print the merged configuration as JSON, with where each value came from, and exit.' },
	{ key: 'help', name: 'help', short: 'h', type: 'boolean', default: false, group: 'Common', modes: ALL, settableIn: ['cli'],
		description: 'Show this help and exit.' },
	{ key: 'version', name: 'version', short: 'V', type: 'boolean', default: false, group: 'Common', modes: ALL, settableIn: ['cli'],
		description: "Print Drove's version and exit." },

	// Run
	{ key: 'tags', name: 'tags', short: 'T', type: 'list', valueName: 'TAG,...', default: [], defaultText: 'all tasks', group: 'Run', modes: ALL,
		description: 'Run only tasks with at least one of these tags (comma-separated or repeated).' },
	{ key: 'excludeTags', name: 'exclude-tags', short: 'E', type: 'list', valueName: 'TAG,...', default: [], defaultText: 'none', group: 'Run', modes: ALL,
		description: 'Skip tasks with any of these tags (comma-separated or repeated).' },
	{ key: 'stopTimeout', name: 'stop-timeout', type: 'duration', valueName: 'TIME', default: 0, group: 'Run', modes: ALL,
		description: 'When stopping, let running tasks finish for this long, then cancel them.' },
	{ key: 'requestTimeout', check: positive, name: 'request-timeout', type: 'duration', valueName: 'TIME', default: 60_000, defaultText: '60s', group: 'Run', modes: ALL,
		description: 'A request that takes longer fails with a timeout.' },
	{ key: 'sharedPool', name: 'shared-pool', type: 'boolean', default: false, group: 'Run', modes: ALL,
		description: 'Users share one connection pool; by default each user keeps its own keep-alive connection, as a real client would.' },
	{ key: 'insecure', name: 'insecure', type: 'boolean', default: false, group: 'Run', modes: ALL,
		description: "Don't verify the target's TLS certificate (a self-signed staging host); says so once." },
	{ key: 'caCert', name: 'ca-cert', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'system CAs', group: 'Run', modes: ALL, path: 'input',
		description: "PEM CA certificate to trust for https targets, besides the system's." },
	{ key: 'clientCert', name: 'client-cert', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'none', group: 'Run', modes: ALL, path: 'input',
		description: 'PEM client certificate for targets that demand one (mTLS). Needs --client-key.' },
	{ key: 'clientKey', name: 'client-key', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'none', group: 'Run', modes: ALL, path: 'input',
		description: 'PEM private key of --client-cert.' },
	{ key: 'proxy', name: 'proxy', type: 'string', valueName: 'URL', default: undefined, defaultText: 'HTTP(S)_PROXY, else direct', group: 'Run', modes: ALL, check: checkHost,
		description: 'Send every request through this HTTP proxy, e.g. http://127.0.0.1:3128 (https targets through a CONNECT tunnel).' },
	{ key: 'http2', name: 'http2', type: 'boolean', default: false, group: 'Run', modes: ALL,
		description: 'Offer HTTP/2 to https targets (by ALPN); stats are the same.' },
	{ key: 'stages', name: 'stages', type: 'string', valueName: 'STAGES', default: undefined, defaultText: "the plan's shape, if any", group: 'Run', modes: RUNNERS, check: checkStages,
		description: `A load shape: ${STAGES_EXPECTED}; each stage lasts DURATION and moves to USERS (at RATE users/s, default: reaching USERS at the stage's end). Overrides the plan's shape; -u and -r are then not needed, -t still caps the run.` },
	{ key: 'resetStats', name: 'reset-stats', type: 'boolean', default: false, group: 'Run', modes: RUNNERS,
		description: "Reset the stats once the ramp (or the shape's first stage) completes, as Locust's flag." },
	{ key: 'autoquit', check: positive, name: 'autoquit', type: 'duration', valueName: 'TIME', default: undefined, defaultText: 'stay open', group: 'Run', modes: RUNNERS,
		description: 'Dashboard: once -t or the load shape ends the test, quit by itself after this long (a bare number is seconds, as in Locust).' },

	// Distributed
	{ key: 'master', name: 'master', type: 'boolean', default: false, group: 'Distributed', modes: ['master'],
		description: 'Run only the master: embedded broker, dashboard and stats; workers join it. Runs no users itself.' },
	{ key: 'worker', name: 'worker', type: 'boolean', default: false, group: 'Distributed', modes: ['worker'],
		description: 'Run only workers, which connect to a master (or --broker) and run the users it assigns.' },
	{ key: 'masterHost', name: 'master-host', type: 'string', valueName: 'HOST', default: '127.0.0.1', group: 'Distributed', modes: ['worker'],
		description: "Worker: the master's host name or IP." },
	{ key: 'masterPort', name: 'master-port', type: 'number', valueName: 'PORT', integer: true, min: 1, max: 65535, default: 5557, group: 'Distributed', modes: ['worker'],
		description: "Worker: the master's port." },
	{ key: 'masterBindHost', name: 'master-bind-host', type: 'string', valueName: 'IP', default: '0.0.0.0', defaultText: '0.0.0.0 (all interfaces)', group: 'Distributed', modes: ['master'],
		description: "Master: interface the embedded broker listens on; Locust's * is accepted. Beyond loopback, workers need the token." },
	{ key: 'masterBindPort', name: 'master-bind-port', type: 'number', valueName: 'PORT', integer: true, min: 0, max: 65535, default: 5557, group: 'Distributed', modes: ['master'],
		description: 'Master: port the embedded broker listens on (0 picks a free one).' },
	{ key: 'expectWorkers', name: 'expect-workers', type: 'number', valueName: 'N', integer: true, min: 1, default: 1, defaultText: '1; --processes in a local run', group: 'Distributed', modes: RUNNERS,
		description: 'Wait for this many ready workers before a headless run starts.' },
	{ key: 'expectWorkersMaxWait', name: 'expect-workers-max-wait', type: 'duration', valueName: 'TIME', default: 0, defaultText: '0 (wait forever)', group: 'Distributed', modes: RUNNERS,
		description: 'Give up waiting for --expect-workers after this long (a bare number is seconds, as in Locust), exit code 3.' },
	{ key: 'processes', name: 'processes', type: 'number', valueName: 'N', integer: true, min: -1, expect: 'a whole number >= 1, or -1 for one per core', default: 1, defaultText: '1; 0 with --master', group: 'Distributed', modes: ALL,
		description: 'Local worker processes to start: with a plain run or --master they join this master, with --worker they join the remote one. -1 starts one per CPU core.' },
	{ key: 'statsInterval', check: positive, name: 'stats-interval', type: 'duration', valueName: 'TIME', default: 1000, group: 'Distributed', modes: ALL,
		description: 'How often workers send their stats to the master.' },
	{ key: 'heartbeatTimeout', check: positive, name: 'heartbeat-timeout', type: 'duration', valueName: 'TIME', default: 10_000, group: 'Distributed', modes: ALL,
		description: 'A worker that hears nothing from its master for this long stops all load and waits for a master.' },
	{ key: 'broker', name: 'broker', type: 'string', valueName: 'URL', default: undefined, defaultText: 'the embedded broker', group: 'Distributed', modes: ['master', 'worker'],
		check: (value) => (MQTT_URL.test(String(value)) ? undefined : `must be an mqtt:// or mqtts:// URL, got "${String(value)}"`),
		description: 'Meet on an existing MQTT broker (Mosquitto, EMQX, HiveMQ) instead of the embedded one, e.g. mqtts://user:pass@broker:8883. On a worker it can also name the master\'s own broker, e.g. mqtts://10.0.0.5:5557.' },
	{ key: 'cluster', name: 'cluster', type: 'string', valueName: 'NAME', default: 'default', group: 'Distributed', modes: ALL,
		check: (value) => (CLUSTER_NAME.test(String(value)) ? undefined : `must be letters, digits, ".", "_" or "-" (at most 64), got "${String(value)}"`),
		description: 'Topic namespace (drove/NAME/...), so several masters can share one broker.' },
	{ key: 'allowPlanMismatch', name: 'allow-plan-mismatch', type: 'boolean', default: false, group: 'Distributed', modes: ['worker'],
		description: "Worker with -f: run its own plan even when it differs from the master's." },

	// Security
	{ key: 'token', name: 'token', type: 'string', valueName: 'SECRET', default: undefined, defaultText: 'generated when needed', group: 'Security', modes: ['master', 'worker'], secret: true,
		description: 'Shared secret workers present to the embedded broker. Prefer DROVE_TOKEN over the command line, where other users can see it.' },
	{ key: 'tlsCert', name: 'tls-cert', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'none', group: 'Security', modes: ['master'], path: 'input',
		description: 'Master: PEM certificate; the embedded broker then speaks TLS (workers use --broker mqtts://...). Needs --tls-key.' },
	{ key: 'tlsKey', name: 'tls-key', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'none', group: 'Security', modes: ['master'], path: 'input',
		description: 'Master: PEM private key for --tls-cert.' },
	{ key: 'tlsCa', name: 'tls-ca', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'system CAs', group: 'Security', modes: ['master', 'worker'], path: 'input',
		description: 'PEM CA certificate to trust, e.g. a self-signed master or broker certificate.' },

	// Output
	{ key: 'json', name: 'json', type: 'boolean', default: false, group: 'Output', modes: RUNNERS,
		description: 'Print the final summary as JSON on stdout instead of the table (implies --headless).' },
	{ key: 'csv', name: 'csv', type: 'string', valueName: 'PREFIX', default: undefined, defaultText: 'none', group: 'Output', modes: RUNNERS,
		description: "Write PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv, PREFIX_exceptions.csv and PREFIX_workers.csv in Locust's columns." },
	{ key: 'html', name: 'html', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'none', group: 'Output', modes: RUNNERS,
		description: 'At the end of the run (also after Ctrl-C or the dashboard), write one self-contained HTML report: facts, charts over time, endpoints, workers, failures. `drove report summary.json --html PATH` makes one from a saved --json summary.' },
	{ key: 'junit', name: 'junit', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'none', group: 'Output', modes: RUNNERS,
		description: 'At the end of the run, write JUnit XML for CI: a test case per threshold, "no failed requests" and "no task exceptions" (skipped with --exit-code-on-error 0).' },
	{ key: 'metricsPort', name: 'metrics-port', type: 'number', valueName: 'PORT', integer: true, min: 0, max: 65535, default: undefined, defaultText: 'off', group: 'Output', modes: RUNNERS,
		description: 'Serve GET /metrics (Prometheus) and GET /stats (the live --json document) on this port while the master runs (0 picks a free one).' },
	{ key: 'metricsHost', name: 'metrics-host', type: 'string', valueName: 'IP', default: '127.0.0.1', group: 'Output', modes: RUNNERS,
		description: "Interface for --metrics-port. Beyond loopback, requests need the run's token (Authorization: Bearer TOKEN), generated and printed if the run has none." },
	{ key: 'csvFullHistory', name: 'csv-full-history', type: 'boolean', default: false, group: 'Output', modes: RUNNERS,
		description: 'With --csv: every endpoint in PREFIX_stats_history.csv each interval, not only Aggregated.' },
	{ key: 'loglevel', name: 'loglevel', short: 'L', type: 'string', valueName: 'LEVEL', default: 'INFO', group: 'Output', modes: ALL, check: checkLogLevel,
		description: 'Log lines shown (and written to --logfile): DEBUG, INFO, WARNING, ERROR or CRITICAL, as Locust.' },
	{ key: 'logfile', name: 'logfile', type: 'string', valueName: 'PATH', default: undefined, defaultText: 'none', group: 'Output', modes: ALL,
		description: "Also append the log lines (the master's, with its workers' warnings and errors; a worker's own; a --processes parent's, every child's) to this file." },
	{ key: 'threshold', name: 'threshold', type: 'list', valueName: 'EXPR', default: [], defaultText: "the plan's thresholds", group: 'Output', modes: RUNNERS, check: checkThresholds,
		description: "A pass/fail gate, [TARGET:] METRIC OP NUMBER, e.g. 'p95 < 300' or 'GET /checkout: failRatio < 0.01' (repeat it, or comma-separate); added to the plan's. A failed threshold makes the exit code 4." },
	{ key: 'abortOnThreshold', name: 'abort-on-threshold', type: 'boolean', default: false, group: 'Output', modes: RUNNERS,
		description: 'Stop the run early once a threshold has failed for --threshold-grace without a break (stop reason "threshold").' },
	{ key: 'thresholdGrace', check: positive, name: 'threshold-grace', type: 'duration', valueName: 'TIME', default: 10_000, group: 'Output', modes: RUNNERS,
		description: 'How long a threshold must fail before --abort-on-threshold stops the run.' },
	{ key: 'exitCodeOnError', name: 'exit-code-on-error', type: 'number', valueName: 'CODE', integer: true, min: 0, max: 255, default: 1, group: 'Output', modes: ALL,
		description: 'Exit code when any request failed or a task threw.' },
] as const satisfies readonly FlagSpec[]);

/** The camelCase key of a flag. */
export type FlagKey = (typeof FLAGS)[number]['key'];

/** Looks a flag up by its camelCase key. */
export function flagByKey(key: string): FlagSpec | undefined {
	return FLAGS.find((flag) => flag.key === key);
}

/** The environment variable a flag reads: `spawn-rate` → `DROVE_SPAWN_RATE`. */
export function envName(flag: Pick<FlagSpec, 'name'>): string {
	return `DROVE_${flag.name.toUpperCase().replaceAll('-', '_')}`;
}
