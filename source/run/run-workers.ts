/**
 * `drove --worker`: one worker in this process, or `--processes N` worker processes that each
 * run one. A worker runs until its master tells it to quit, or until SIGINT/SIGTERM, or (as a
 * local child) until its parent goes away.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/config.ts';
import { DroveError, ExitCode } from '../errors.ts';
import { loadPlan } from '../plan/load-plan.ts';
import { bindMessageLink, deliverMessage, QUIT_MESSAGE } from '../plan/messages.ts';
import { bindQuit } from '../plan/control.ts';
import type { BrokerEndpoint } from '../protocol/client-options.ts';
import { startWorker } from '../worker/worker-runtime.ts';
import { sendLogToParent, startLocalWorkers, worstExitCode } from './local-workers.ts';
import { workerArgv, workerEnv } from './worker-argv.ts';

/** ms an orphaned local worker (its parent gone) may take to quit, past --stop-timeout. */
const ORPHAN_EXIT_MS = 15_000;

/** Where a worker meets its master: `--broker`, else the master's embedded broker. */
export async function workerBroker(config: Config): Promise<BrokerEndpoint> {
	const url = config.broker ?? `mqtt://${hostForUrl(config.masterHost)}:${config.masterPort}`;
	const endpoint: BrokerEndpoint = { url };
	if (config.token !== undefined) endpoint.token = config.token;
	if (config.tlsCa !== undefined) {
		try {
			endpoint.ca = await readFile(config.tlsCa);
		} catch (error) {
			throw new DroveError('TLS_CA_UNREADABLE', `cannot read --tls-ca ${config.tlsCa}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.usage);
		}
	}
	return endpoint;
}

/** IPv6 literals need brackets in a URL. */
function hostForUrl(host: string): string {
	return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Runs the worker side of `config`; resolves to the exit code. */
export async function runWorkers(config: Config): Promise<number> {
	if (config.processes > 1) return runWorkerProcesses(config);
	const plan = config.plan === undefined ? undefined : await loadPlan(config.plan);
	const broker = await workerBroker(config);
	const log = (level: 'info' | 'warn' | 'error', text: string): void => {
		process.stderr.write(`drove worker${level === 'info' ? '' : ` ${level}`}: ${text}\n`);
		// A local worker's parent may show it elsewhere (the dashboard's Log view): as fields.
		sendLogToParent(level, text);
	};
	const worker = startWorker({
		broker,
		externalBroker: config.broker !== undefined,
		cluster: config.cluster,
		plan,
		allowPlanMismatch: config.allowPlanMismatch,
		statsIntervalMs: config.statsInterval,
		heartbeatTimeoutMs: config.heartbeatTimeout,
		engine: {
			stopTimeoutMs: config.stopTimeout,
			requestTimeoutMs: config.requestTimeout,
			tags: [...config.tags],
			excludeTags: [...config.excludeTags],
			sharedPool: config.sharedPool,
		},
		log,
	});
	const unbindMessages = bindMessageLink({
		role: 'worker',
		send: (type, data) => worker.sendMessage(type, data),
		listen: (type) => worker.onMessage(type, (data, from) => deliverMessage(type, data, from)),
		onError: (type, error) => log('error', `the plan's handler for message '${type}' failed: ${error instanceof Error ? error.message : String(error)}`),
	});
	// A plan's quit() on a worker asks the master to end the run: the master stops everyone in order.
	const unbindQuit = bindQuit((reason) => worker.sendMessage(QUIT_MESSAGE, { reason: reason ?? null }));
	const quit = (): void => {
		void worker.quit();
	};
	// Left in place after the worker is done: a signal while the process lets go of its last
	// sockets must not turn a clean exit into a death by signal. quit() is idempotent.
	process.on('SIGINT', quit);
	process.on('SIGTERM', quit);
	// A local child: the IPC channel closes when the parent dies, however it died. Nobody is
	// left to stop it then, so it leaves within a bounded time even if quitting hangs.
	if (process.send !== undefined) {
		process.once('disconnect', () => {
			quit();
			setTimeout(() => process.exit(ExitCode.internal), config.stopTimeout + ORPHAN_EXIT_MS).unref();
		});
	}
	try {
		return await worker.done;
	} finally {
		unbindMessages();
		unbindQuit();
	}
}

/** `--worker --processes N`: N children, one worker each; the exit code is the family's worst. */
async function runWorkerProcesses(config: Config): Promise<number> {
	// Fail on a broken plan here, once, rather than N times in the children.
	if (config.plan !== undefined) await loadPlan(config.plan);
	const broker = config.broker === undefined
		? { kind: 'master' as const, host: config.masterHost, port: config.masterPort }
		: { kind: 'external' as const, url: config.broker };
	const children = startLocalWorkers({
		count: config.processes,
		argv: workerArgv(config, broker, { plan: config.plan }),
		env: workerEnv(config.token),
		onOutput: (index, line) => process.stderr.write(`[${index}] ${line}\n`),
	});
	const stop = (): void => {
		void children.stop(0, config.stopTimeout + 15_000);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	try {
		return worstExitCode(await children.exited);
	} finally {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
	}
}
