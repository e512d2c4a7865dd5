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
import { captureStrayErrors } from '../worker/stray-errors.ts';
import { sendLogToParent, startLocalWorkers, worstExitCode } from './local-workers.ts';
import { planFromParent, planMessage } from './plan-from-parent.ts';
import { PLAN_FROM_PARENT_ENV, workerArgv, workerEnv } from './worker-argv.ts';
import { httpSettings, insecureNotice } from './http-settings.ts';
import { shownAt, type LogLevel } from '../config/log-level.ts';
import { logFileWriter } from './log-output.ts';

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
	const fromParent = await planFromParent();
	const plan = fromParent?.plan ?? (config.plan === undefined ? undefined : await loadPlan(config.plan));
	// A child started before its master listened learns the port (and the token) with the plan.
	const broker = await workerBroker({ ...config, masterPort: fromParent?.masterPort ?? config.masterPort, token: fromParent?.token ?? config.token });
	const http = await httpSettings(config);
	// A local child's parent has said it already.
	if (config.insecure && process.send === undefined) process.stderr.write(insecureNotice);
	const writeLog = logFileWriter(config.logfile);
	const log = (level: LogLevel, text: string): void => {
		if (!shownAt(level, config.loglevel)) return;
		const line = `drove worker${level === 'info' ? '' : ` ${level}`}: ${text}`;
		process.stderr.write(`${line}\n`);
		writeLog(line);
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
			http,
		},
		log,
	});
	// A plan's floating promise or timer throw is an exception in the stats, not the end of the run.
	const releaseStrays = captureStrayErrors({
		record: (error) => worker.recordException(error),
		fatal: (error) => {
			log('error', `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			process.exit(ExitCode.internal);
		},
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
	const orphaned = (): void => {
		quit();
		setTimeout(() => process.exit(ExitCode.internal), config.stopTimeout + ORPHAN_EXIT_MS).unref();
	};
	if (process.send !== undefined) process.once('disconnect', orphaned);
	try {
		return await worker.done;
	} finally {
		// A 'disconnect' listener holds the IPC channel, and so the process, open: without this a
		// finished child waited for the CLI's forced exit, 2 s, at the end of every local run.
		process.off('disconnect', orphaned);
		unbindMessages();
		releaseStrays();
		unbindQuit();
	}
}

/** `--worker --processes N`: N children, one worker each; the exit code is the family's worst. */
async function runWorkerProcesses(config: Config): Promise<number> {
	// Bundled here, once: a broken plan fails once rather than N times, and the children get
	// the bundle over IPC instead of each bundling it again.
	const plan = config.plan === undefined ? undefined : await loadPlan(config.plan);
	await httpSettings(config);
	if (config.insecure) process.stderr.write(insecureNotice);
	// Opened before the children start: an unwritable path is one line and exit 2, not N.
	const writeLog = logFileWriter(config.logfile);
	const broker = config.broker === undefined
		? { kind: 'master' as const, host: config.masterHost, port: config.masterPort }
		: { kind: 'external' as const, url: config.broker };
	const children = startLocalWorkers({
		count: config.processes,
		argv: workerArgv(config, broker),
		env: plan === undefined ? workerEnv(config.token) : { ...workerEnv(config.token), [PLAN_FROM_PARENT_ENV]: '1' },
		...(plan === undefined ? {} : { message: planMessage(plan) }),
		// Every child line, as the terminal shows it, goes to --logfile too: one file for the box.
		onOutput: (index, line) => {
			process.stderr.write(`[${index}] ${line}\n`);
			writeLog(`[${index}] ${line}`);
		},
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
