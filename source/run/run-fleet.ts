/**
 * The master side of every run: `drove -f plan.ts` (a master plus --processes local workers on
 * loopback), `drove --master` (workers join from elsewhere) and `drove demo`. One code path:
 * local workers are ordinary workers that happen to connect over 127.0.0.1.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Config } from '../config/config.ts';
import { shellQuote } from '../config/to-argv.ts';
import { bareUrl } from '../protocol/client-options.ts';
import { DroveError, ExitCode } from '../errors.ts';
import { startMaster } from '../master/master-runtime.ts';
import type { MasterRuntime } from '../master/master-runtime.ts';
import type { MasterOptions } from '../master/master-runtime.ts';
import { loadPlan } from '../plan/load-plan.ts';
import { runInitOnce } from '../plan/events.ts';
import { shapeFromStages, type ResolvedStage } from '../plan/shape.ts';
import { parseStages } from '../shape/parse-stages.ts';
import { buildThresholds } from '../thresholds/threshold-list.ts';
import { CsvReportWriter } from '../report/csv-writer.ts';
import { runDashboard } from './dashboard-run.ts';
import { startDemoTarget } from './demo-target.ts';
import type { FleetSession } from './fleet-session.ts';
import { runHeadless } from './headless-run.ts';
import { attachPlanToMaster } from './plan-on-master.ts';
import { startLocalWorkers, worstExitCode } from './local-workers.ts';
import type { LocalWorkers } from './local-workers.ts';
import { workerArgv, workerEnv } from './worker-argv.ts';
import type { ChildBroker } from './worker-argv.ts';

/** Runs the master side of `config`; resolves to the exit code, the worst in the family. */
export async function runFleet(config: Config): Promise<number> {
	const demo = config.command === 'demo' ? await startDemoTarget() : undefined;
	try {
		const plan = await loadPlan(config.plan ?? demo!.planPath);
		// --stages replaces the plan's shape; --threshold and the rest add to the plan's thresholds.
		const shape = config.stages === undefined ? plan.shape : shapeFromStages(parseStages(config.stages) as ResolvedStage[]);
		const thresholds = buildThresholds([...plan.thresholds.map((t) => ({ expression: t.expression, from: 'plan' })), ...config.threshold.map((expression) => ({ expression, from: '--threshold' }))]);
		// An unwritable --csv prefix is the person's mistake: say so before starting anything.
		const csv = config.csv === undefined ? undefined : new CsvReportWriter(config.csv);
		await csv?.start();
		const host = config.host ?? demo?.url;
		const master = await startMaster(await masterOptions(config, plan, host));
		const detachPlan = attachPlanToMaster(master, plan.hooks, host);
		await runInitOnce(plan.hooks, 'master', (error) => master.log('error', `the plan's init hook failed: ${error instanceof Error ? error.message : String(error)}`));
		if (config.mode === 'master') process.stderr.write(joinInstructions(config, master));
		let workers: LocalWorkers | undefined;
		try {
			workers = config.processes > 0 ? startChildren(config, master) : undefined;
		} catch (error) {
			await master.quit();
			throw error;
		}
		const session: FleetSession = { config, master, workers, csv, planHost: plan.userClasses.find((c) => c.host)?.host, shape, thresholds, hooks: plan.hooks };
		let code: number;
		try {
			code = config.headless ? await runHeadless(session) : await runDashboard(session);
		} finally {
			await detachPlan();
			// The master told them to quit; a child that hangs on is ended.
			await workers?.stop(10_000);
		}
		const childCodes = workers === undefined ? [] : await workers.exited;
		return worstExitCode([code, ...childCodes]);
	} finally {
		await demo?.close();
	}
}

async function masterOptions(config: Config, plan: MasterOptions['plan'], host: string | undefined): Promise<MasterOptions> {
	const options: MasterOptions = {
		plan,
		cluster: config.cluster,
		spawnRate: config.spawnRate,
		host,
		expectWorkers: config.expectWorkers,
		stopTimeoutMs: config.stopTimeout,
		statsIntervalMs: config.statsInterval,
		// The master deals users only to classes that have tasks left after -T/-E.
		tags: [...config.tags],
		excludeTags: [...config.excludeTags],
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
function startChildren(config: Config, master: MasterRuntime): LocalWorkers {
	const broker: ChildBroker = config.broker !== undefined
		? { kind: 'external', url: config.broker }
		: { kind: 'master', host: '127.0.0.1', port: master.port! };
	const headless = config.headless;
	return startLocalWorkers({
		count: config.processes,
		argv: workerArgv(config, broker),
		env: workerEnv(master.token),
		// Under the dashboard a stray line would tear the frame: a worker's warnings and errors
		// go to the master's log (the Log view) instead, as the fields the child sent.
		onOutput: (index, line) => {
			if (headless) process.stderr.write(`[worker ${index}] ${line}\n`);
		},
		onLog: (index, level, text) => {
			if (!headless && level !== 'info') master.log(level, text, `local worker ${index}`);
		},
		onExit: (index, code) => {
			if (code === 0) return;
			if (headless) process.stderr.write(`[worker ${index}] exited with code ${code}\n`);
			else master.log('error', `local worker ${index} exited with code ${code}`);
		},
	});
}

/** What the person at a master copies to each worker machine (never a secret but the join token). */
function joinInstructions(config: Config, master: MasterRuntime): string {
	const flags: string[] = [];
	let where: string;
	if (config.broker !== undefined) {
		// The broker URL without the master's own login: each worker brings its own.
		where = bareUrl({ url: config.broker });
		flags.push(`--broker=${where}`);
	} else {
		const bound = config.masterBindHost;
		const reachable = bound === '0.0.0.0' || bound === '::' ? hostname() : bound;
		const port = master.port ?? config.masterBindPort;
		if (config.tlsCert !== undefined) {
			where = `mqtts://${reachable}:${port}`;
			flags.push(`--broker=${where}`, `--tls-ca=${shellQuote(config.tlsCert)}`);
		} else {
			where = `mqtt://${reachable}:${port}`;
			flags.push(`--master-host=${reachable}`, `--master-port=${port}`);
		}
	}
	if (config.cluster !== 'default') flags.push(`--cluster=${shellQuote(config.cluster)}`);
	const command = `drove --worker ${flags.join(' ')} --processes 4`;
	const lines = [`drove master listening at ${where}`];
	if (master.token === undefined) {
		lines.push(`join with: ${command}`);
	} else if (master.tokenGenerated) {
		lines.push(`join token (generated for this run): ${master.token}`, `join with: DROVE_TOKEN=${shellQuote(master.token)} ${command}`);
	} else {
		// The person gave the token; it is not echoed into terminals and CI logs.
		lines.push(`join with: DROVE_TOKEN=<your --token> ${command}`);
	}
	if (config.broker !== undefined) lines.push('(workers put their own broker login in the --broker URL)');
	return `${lines.join('\n')}\n`;
}
