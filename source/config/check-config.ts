/**
 * Rules between flags, applied after merging: the mode, what a mode implies (headless, users,
 * workers to expect, processes) and combinations that cannot work. Pure.
 *
 * A flag that does not apply to this process's mode is an error when typed on the command line,
 * and ignored when it comes from the config file or the environment: one drove.config.json or
 * one set of DROVE_* variables is often shared by a master and its workers.
 */
import { DroveError } from '../errors.ts';
import type { Command, Config, FlagValues, Sources } from './config.ts';
import { FLAGS, flagByKey } from './flags.ts';
import type { FlagSpec, Mode, SettingPlace } from './flag-spec.ts';

/** Where one merged value came from. */
export interface Origin {
	readonly kind: 'default' | SettingPlace | 'implied';
	/** How an error names it: `--users`, `DROVE_USERS`, `drove.config.json "users"`. */
	readonly label: string;
	/** How --print-config names it: `--users`, `DROVE_USERS`, `drove.config.json`, `default`, `implied: ...`. */
	readonly source: string;
}

/** The merged values before the cross-field rules. */
export interface Draft {
	readonly values: Map<string, unknown>;
	readonly origins: Map<string, Origin>;
}

/** What the rules need beyond the flags. */
export interface CheckContext {
	readonly command: Command;
	readonly stdoutIsTTY: boolean;
	readonly cpuCount: number;
	readonly configFile: string | undefined;
	readonly userClasses: readonly string[];
}

function configError(message: string): DroveError {
	return new DroveError('DROVE_CONFIG', message);
}

function modeNeeds(flag: FlagSpec, mode: Mode): string {
	if (mode === 'worker') return 'not used by a worker; give it to the master';
	const modes = flag.modes.filter((m) => m !== 'local').map((m) => `--${m}`);
	return `only used with ${modes.join(' or ')}`;
}

/** Applies the rules and freezes the result. */
export function checkConfig(draft: Draft, context: CheckContext): Config {
	const value = (key: string): unknown => draft.values.get(key);
	const origin = (key: string): Origin => draft.origins.get(key)!;
	const given = (key: string): boolean => origin(key).kind !== 'default';
	const fromCli = (key: string): boolean => origin(key).kind === 'cli';
	const imply = (key: string, to: unknown, why: string): void => {
		draft.values.set(key, to);
		draft.origins.set(key, { kind: 'implied', label: `--${flagByKey(key)?.name ?? key}`, source: `implied: ${why}` });
	};

	if (value('master') === true && value('worker') === true) {
		throw configError(`${origin('master').label} and ${origin('worker').label} cannot both be set: a process is either the master or a worker; start them separately`);
	}
	const mode: Mode = value('master') === true ? 'master' : value('worker') === true ? 'worker' : 'local';

	if (context.command === 'demo' && mode !== 'local') {
		throw configError('demo runs the master and its workers on this machine; drop --master/--worker');
	}
	if (context.command === 'report') {
		if (mode !== 'local') throw configError('report renders a saved summary and runs nothing; drop --master/--worker');
		if (value('html') === undefined && value('junit') === undefined) throw configError('report: say what to write with --html PATH and/or --junit PATH');
	}
	for (const flag of FLAGS) {
		if (fromCli(flag.key) && !(flag.modes as readonly Mode[]).includes(mode) && flag.key !== 'master' && flag.key !== 'worker') {
			throw configError(`--${flag.name}: ${modeNeeds(flag, mode)}`);
		}
	}

	// --broker: master and workers meet elsewhere, so the embedded broker's settings mean nothing.
	if (value('broker') !== undefined) {
		const unused = mode === 'master' ? ['masterBindHost', 'masterBindPort', 'tlsCert', 'tlsKey', 'token'] : ['masterHost', 'masterPort'];
		for (const key of unused) {
			if (fromCli(key)) {
				throw configError(`${origin(key).label}: not used with ${origin('broker').label}; the broker URL says where to meet (credentials go in it: mqtts://user:pass@host)`);
			}
		}
	}

	if (mode === 'master' && (value('tlsCert') === undefined) !== (value('tlsKey') === undefined)) {
		const [has, lacks] = value('tlsCert') === undefined ? ['tlsKey', '--tls-cert'] : ['tlsCert', '--tls-key'];
		throw configError(`${origin(has).label} needs ${lacks} as well: the broker needs both the certificate and its private key`);
	}

	if ((value('clientCert') === undefined) !== (value('clientKey') === undefined)) {
		const [has, lacks] = value('clientCert') === undefined ? ['clientKey', '--client-cert'] : ['clientCert', '--client-key'];
		throw configError(`${origin(has).label} needs ${lacks} as well: an mTLS target needs both the certificate and its private key`);
	}

	// Processes: 0 (no local workers) is the default and only sense on a master; -1 is one per core.
	if (!given('processes')) {
		if (mode === 'master') imply('processes', 0, '--master starts no local workers');
		else if (context.command === 'demo') imply('processes', 2, 'the demo runs 2 local workers');
	} else if (value('processes') === 0 && mode !== 'master') {
		throw configError(`${origin('processes').label}: 0 would start no workers; use 1 or more, -1 for one per core, or --master for a master alone`);
	}
	if (value('processes') === -1) draft.values.set('processes', Math.max(1, context.cpuCount));

	if (mode === 'worker' && context.userClasses.length > 0) {
		throw configError(`unexpected argument "${context.userClasses[0]}": a worker runs the classes its master deals; name user classes on the master`);
	}
	if (context.command === 'run' && mode !== 'worker' && value('plan') === undefined) {
		throw configError('no test plan: give one with -f PATH (or "plan" in drove.config.json); try `drove demo` for a sample');
	}
	if (mode === 'worker' && fromCli('allowPlanMismatch') && value('plan') === undefined) {
		throw configError('--allow-plan-mismatch: needs -f PATH; without -f a worker runs the plan its master sends');
	}

	// Headless: a worker has no dashboard; --json owns stdout; without a terminal Ink cannot draw.
	if (mode === 'worker') imply('headless', true, 'workers have no dashboard');
	else if (value('json') === true && value('headless') !== true) {
		if (given('headless')) throw configError(`${origin('headless').label} is false, but --json needs stdout for its summary; drop one of them`);
		imply('headless', true, '--json prints the summary on stdout');
	} else if (!context.stdoutIsTTY && value('headless') !== true) {
		imply('headless', true, 'stdout is not a terminal');
	}

	// As in Locust, a headless run without -u runs one user.
	// The demo shows a live run at once; the keys take it from there.
	if (context.command === 'demo' && value('users') === undefined) {
		imply('users', 10, 'the demo starts with 10 users');
		if (!given('spawnRate')) imply('spawnRate', 2, 'the demo ramps at 2 users/s');
	}
	// The demo's failures are there to be seen, not to fail `npm start`.
	if (context.command === 'demo' && !given('exitCodeOnError')) imply('exitCodeOnError', 0, "the demo's failures are deliberate");
	if (mode !== 'worker' && value('headless') === true && value('users') === undefined) {
		imply('users', 1, 'headless run without -u (as Locust)');
	}

	// A local run's workers are its own: wait for all of them, and no more.
	if (mode === 'local') {
		const processes = value('processes') as number;
		if (!given('expectWorkers')) imply('expectWorkers', processes, 'the local workers of --processes');
		else if ((value('expectWorkers') as number) > processes) {
			throw configError(`${origin('expectWorkers').label}: a local run starts only ${processes} worker(s) (--processes); use --master to wait for remote workers`);
		}
	}

	// Locust's "*" means every interface.
	if (value('masterBindHost') === '*') draft.values.set('masterBindHost', '0.0.0.0');

	return freeze(draft, mode, context);
}

function freeze(draft: Draft, mode: Mode, context: CheckContext): Config {
	const values: Record<string, unknown> = {};
	const sources: Record<string, string> = {};
	for (const flag of FLAGS) {
		if (['help', 'version', 'printConfig', 'config', 'master', 'worker'].includes(flag.key)) continue;
		const value = draft.values.get(flag.key);
		values[flag.key] = Array.isArray(value) ? Object.freeze([...value]) : value;
		sources[flag.key] = draft.origins.get(flag.key)!.source;
	}
	return Object.freeze({
		command: context.command,
		mode,
		...(values as unknown as FlagValues),
		configFile: context.configFile,
		userClasses: Object.freeze([...context.userClasses]),
		sources: Object.freeze(sources) as Sources,
	});
}
