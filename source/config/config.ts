/**
 * The resolved configuration a run starts from: every flag merged (defaults < config file <
 * DROVE_* environment < command line), validated, cross-checked and frozen. Everything below the
 * CLI takes this object and never reads flags, environment or files itself.
 */
import type { FlagKey } from './flags.ts';
import type { Mode } from './flag-spec.ts';

export type { Mode } from './flag-spec.ts';

/**
 * `drove ...` runs a plan; `drove demo` runs the built-in demo (its own target and plan);
 * `drove report SUMMARY.json` renders --html/--junit from a saved --json summary.
 */
export type Command = 'run' | 'demo' | 'report';

/** The merged value of every flag that configures a run. Durations are in milliseconds. */
export interface FlagValues {
	/** Absolute path of the test plan; undefined only on a worker that runs its master's plan (and in the demo). */
	readonly plan: string | undefined;
	/** Target base URL (http/https); undefined: the plan's own host. */
	readonly host: string | undefined;
	/** Peak users; undefined only for a dashboard run, which waits for the person to choose. */
	readonly users: number | undefined;
	/** Users per second, fleet-wide. */
	readonly spawnRate: number;
	/** ms; undefined: until stopped. */
	readonly runTime: number | undefined;
	/** True when no dashboard is shown: asked for, implied by --json, by a non-TTY stdout, or a worker. */
	readonly headless: boolean;
	readonly json: boolean;
	/** Report file prefix, as given (relative to the working directory). */
	readonly csv: string | undefined;
	/** --html report path, as given. */
	readonly html: string | undefined;
	/** --junit report path, as given. */
	readonly junit: string | undefined;
	/** Port of the /metrics and /stats server; undefined: off. */
	readonly metricsPort: number | undefined;
	/** Interface it listens on. */
	readonly metricsHost: string;
	/** Every endpoint in the stats history, not only Aggregated. */
	readonly csvFullHistory: boolean;
	/** `-l/--list`: print the plan's classes and exit. */
	readonly list: boolean;
	/** `--show-task-ratio`: print the classes' and tasks' shares and exit. */
	readonly showTaskRatio: boolean;
	readonly exitCodeOnError: number;
	/** Locust's level name: DEBUG, INFO, WARNING, ERROR or CRITICAL (any case). */
	readonly loglevel: string;
	/** Also append log lines here. */
	readonly logfile: string | undefined;
	/** ms; 0: cancel running tasks at once. */
	readonly stopTimeout: number;
	/** ms. */
	readonly requestTimeout: number;
	/** Task tags to run; empty: all. */
	readonly tags: readonly string[];
	/** Task tags to skip. */
	readonly excludeTags: readonly string[];
	readonly sharedPool: boolean;
	/** Skip the target's certificate checks. */
	readonly insecure: boolean;
	/** Absolute paths of PEM files for https targets. */
	readonly caCert: string | undefined;
	readonly clientCert: string | undefined;
	readonly clientKey: string | undefined;
	/** http(s):// proxy URL; undefined: the environment's proxy variables, else direct. */
	readonly proxy: string | undefined;
	readonly http2: boolean;
	/** Worker: the master to connect to. */
	readonly masterHost: string;
	readonly masterPort: number;
	/** Master: where the embedded broker listens (`*` already turned into 0.0.0.0). */
	readonly masterBindHost: string;
	/** 0: any free port. */
	readonly masterBindPort: number;
	/** Ready workers to wait for before a headless run starts (a local run: its --processes). */
	readonly expectWorkers: number;
	/** ms; 0: wait forever. */
	readonly expectWorkersMaxWait: number;
	/** Local worker processes to fork, resolved: -1 became the core count; 0 only on a master. */
	readonly processes: number;
	/** ms between a worker's stats deltas. */
	readonly statsInterval: number;
	/** ms of master silence after which a worker stops its load. */
	readonly heartbeatTimeout: number;
	/** mqtt:// or mqtts:// URL of an external broker (credentials in it); undefined: embedded broker. */
	readonly broker: string | undefined;
	/** Topic namespace: drove/<cluster>/... */
	readonly cluster: string;
	readonly token: string | undefined;
	/** Absolute paths of PEM files. */
	readonly tlsCert: string | undefined;
	readonly tlsKey: string | undefined;
	readonly tlsCa: string | undefined;
	readonly allowPlanMismatch: boolean;
	/** `--stages` as typed (checked); undefined: the plan's shape, if any. */
	readonly stages: string | undefined;
	/** Threshold expressions (checked), added to the plan's. */
	readonly threshold: readonly string[];
	readonly abortOnThreshold: boolean;
	/** ms a threshold must fail before --abort-on-threshold stops the run. */
	readonly thresholdGrace: number;
	readonly resetStats: boolean;
	/** ms after the test ends (by -t or the shape) before the dashboard quits; undefined: stays open. */
	readonly autoquit: number | undefined;
}

/** Where a value came from, for --print-config: `default`, `--users`, `DROVE_USERS`, `drove.config.json`, `implied: ...`. */
export type Sources = Readonly<Record<keyof FlagValues, string>>;

/** What the CLI hands to main(). */
export interface Config extends FlagValues {
	readonly command: Command;
	readonly mode: Mode;
	/** Absolute path of the config file that was read, if any. */
	readonly configFile: string | undefined;
	/** User classes named on the command line (`drove -f plan.ts Browser Buyer`); empty: all. */
	readonly userClasses: readonly string[];
	readonly sources: Sources;
}

/** Flags that steer the CLI itself rather than the run, so they are not in FlagValues. */
export type CliOnlyKey = 'help' | 'version' | 'printConfig' | 'config' | 'master' | 'worker';

// Compile-time guard: every row of the flag table is either a run setting or a CLI-only flag.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const tableMatchesConfig: Exact<Exclude<FlagKey, CliOnlyKey>, keyof FlagValues> = true;
void tableMatchesConfig;
