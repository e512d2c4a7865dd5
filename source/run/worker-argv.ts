/**
 * The flags a child worker process gets, from the parent's resolved config: the broker to
 * meet on and the run settings a worker applies itself. The token travels in the child's
 * environment (DROVE_TOKEN), not on its command line, where `ps` would show it.
 */
import { resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import { toArgv } from '../config/to-argv.ts';

/**
 * Set (to `1`) in a child's environment when its plan comes over IPC (plan-from-parent.ts).
 * Here, with the rest of what a child is started with, so starting children loads no plan code.
 */
export const PLAN_FROM_PARENT_ENV = 'DROVE_PLAN_FROM_PARENT';

/**
 * Where the children find their master. Without a port the children are started before the
 * master listens, and the port follows over IPC (plan-from-parent.ts).
 */
export type ChildBroker = { kind: 'master'; host: string; port?: number } | { kind: 'external'; url: string };

/**
 * Flags after `--worker` for every child of this run. A child gets the run's plan by its
 * absolute path (same bundle, same hash as the master's): loaded from where it really lies,
 * its exception frames and `import.meta.url` name the file the person wrote, not a shipped copy.
 */
export function workerArgv(config: Config, broker: ChildBroker, options: { plan?: string } = {}): string[] {
	const plan = options.plan ?? config.plan;
	return toArgv({
		plan: plan === undefined ? undefined : resolve(plan),
		...(broker.kind === 'master' ? { masterHost: broker.host, masterPort: broker.port } : { broker: broker.url }),
		cluster: config.cluster,
		statsInterval: config.statsInterval,
		heartbeatTimeout: config.heartbeatTimeout,
		stopTimeout: config.stopTimeout,
		requestTimeout: config.requestTimeout,
		tags: config.tags,
		excludeTags: config.excludeTags,
		sharedPool: config.sharedPool,
		insecure: config.insecure,
		caCert: config.caCert,
		clientCert: config.clientCert,
		clientKey: config.clientKey,
		proxy: config.proxy,
		http2: config.http2,
		// The children's lines reach the parent, which writes --logfile; the level filters them at the source.
		loglevel: config.loglevel,
		tlsCa: config.tlsCa,
		allowPlanMismatch: config.allowPlanMismatch,
		processes: 1,
	});
}

/** The environment additions a child needs (the token, kept off the command line). */
export function workerEnv(token: string | undefined): Record<string, string> {
	return token === undefined ? {} : { DROVE_TOKEN: token };
}
