/**
 * The master side of every run: `drove -f plan.ts` (a master plus --processes local workers on
 * loopback), `drove --master` (workers join from elsewhere) and `drove demo`. One code path:
 * local workers are ordinary workers that happen to connect over 127.0.0.1.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Config } from '../config/config.ts';
import { shellQuote, toArgv } from '../config/to-argv.ts';
import { DroveError, ExitCode } from '../errors.ts';
import { startMaster } from '../master/master-runtime.ts';
import type { MasterController } from '../master/master-controller.ts';
import type { MasterOptions } from '../master/master-runtime.ts';
import { loadPlan } from '../plan/load-plan.ts';
import { runDashboard } from './dashboard-run.ts';
import { startDemoTarget } from './demo-target.ts';
import type { FleetSession } from './fleet-session.ts';
import { runHeadless } from './headless-run.ts';
import { startLocalWorkers, worstExitCode } from './local-workers.ts';
import type { LocalWorkers } from './local-workers.ts';
import { workerArgv, workerEnv } from './worker-argv.ts';
import type { ChildBroker } from './worker-argv.ts';

/** Runs the master side of `config`; resolves to the exit code, the worst in the family. */
export async function runFleet(config: Config): Promise<number> {
	const demo = config.command === 'demo' ? await startDemoTarget() : undefined;
	try {
		const plan = await loadPlan(config.plan ?? demo!.planPath);
		const master = await startMaster(await masterOptions(config, plan, demo?.url));
		if (config.mode === 'master') process.stderr.write(joinInstructions(config, master));
		let workers: LocalWorkers | undefined;
		try {
			workers = config.processes > 0 ? startChildren(config, master) : undefined;
		} catch (error) {
			await master.quit();
			throw error;
		}
		const session: FleetSession = { config, master, workers, planHost: plan.userClasses.find((c) => c.host)?.host };
		let code: number;
		try {
			code = config.headless ? await runHeadless(session) : await runDashboard(session);
		} finally {
			// The master told them to quit; a child that hangs on is ended.
			await workers?.stop(10_000);
		}
		const childCodes = workers === undefined ? [] : await workers.exited;
		return worstExitCode([code, ...childCodes]);
	} finally {
		await demo?.close();
	}
}

async function masterOptions(config: Config, plan: MasterOptions['plan'], demoHost: string | undefined): Promise<MasterOptions> {
	const options: MasterOptions = {
		plan,
		cluster: config.cluster,
		spawnRate: config.spawnRate,
		host: config.host ?? demoHost,
		expectWorkers: config.expectWorkers,
		stopTimeoutMs: config.stopTimeout,
		statsIntervalMs: config.statsInterval,
	};
	if (config.token !== undefined) options.token = config.token;
	if (config.broker !== undefined) {
		options.external = { url: config.broker };
		if (config.token !== undefined) options.external.token = config.token;
		if (config.tlsCa !== undefined) options.external.ca = await readPem(config.tlsCa, '--tls-ca');
	} else if (config.mode === 'local') {
		// Nobody else joins a local run: loopback, any free port, no token needed.
		options.bind = { host: '127.0.0.1', port: 0 };
	} else {
		options.bind = { host: config.masterBindHost, port: config.masterBindPort };
		if (config.tlsCert !== undefined && config.tlsKey !== undefined) {
			options.bind.tls = { cert: await readPem(config.tlsCert, '--tls-cert'), key: await readPem(config.tlsKey, '--tls-key') };
		}
	}
	return options;
}

async function readPem(path: string, flag: string): Promise<Buffer> {
	try {
		return await readFile(path);
	} catch (error) {
		throw new DroveError('TLS_FILE_UNREADABLE', `cannot read ${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.usage);
	}
}

/** Local worker processes, connected the way remote ones would be. They run the master's shipped plan. */
function startChildren(config: Config, master: MasterController): LocalWorkers {
	const broker: ChildBroker = config.broker !== undefined
		? { kind: 'external', url: config.broker }
		: { kind: 'master', host: '127.0.0.1', port: master.port! };
	const headless = config.headless;
	return startLocalWorkers({
		count: config.processes,
		argv: workerArgv(config, broker),
		env: workerEnv(master.token),
		// Under the dashboard a stray line would tear the frame; workers report through the master's log.
		onOutput: (index, line) => {
			if (headless) process.stderr.write(`[worker ${index}] ${line}\n`);
		},
		onExit: (index, code) => {
			if (headless && code !== 0) process.stderr.write(`[worker ${index}] exited with code ${code}\n`);
		},
	});
}

/** What the person at a master copies to each worker machine. */
function joinInstructions(config: Config, master: MasterController): string {
	const url = new URL(master.url);
	const broker: ChildBroker = config.broker !== undefined ? { kind: 'external', url: config.broker } : { kind: 'master', host: url.hostname, port: Number(url.port) };
	const args = ['drove', '--worker', ...toArgv(broker.kind === 'master' ? { masterHost: broker.host === '0.0.0.0' || broker.host === '::' ? hostname() : broker.host, masterPort: broker.port } : { broker: broker.url }), ...(config.cluster === 'default' ? [] : [`--cluster=${config.cluster}`])];
	const lines = [`drove master listening at ${master.url}`];
	if (master.token !== undefined) {
		lines.push(master.tokenGenerated ? `join token (generated): ${master.token}` : 'join token: the one given with --token');
		lines.push(`join with: DROVE_TOKEN=${shellQuote(master.token)} ${args.map(shellQuote).join(' ')} --processes 4`);
	} else {
		lines.push(`join with: ${args.map(shellQuote).join(' ')} --processes 4`);
	}
	return `${lines.join('\n')}\n`;
}
