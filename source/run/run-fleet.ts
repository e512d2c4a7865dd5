/**
 * The master side of every run: `drove -f plan.ts` (a master plus --processes local workers on
 * loopback), `drove --master` (workers join from elsewhere) and `drove demo`. One code path:
 * local workers are ordinary workers that happen to connect over 127.0.0.1.
 */
import { hostname, networkInterfaces } from 'node:os';
import type { Config } from '../config/config.ts';
import { startMaster } from '../master/master-runtime.ts';
import type { MasterRuntime } from '../master/master-runtime.ts';
import type { MasterOptions } from '../master/master-runtime.ts';
import { pickUserClasses } from '../plan/describe-plan.ts';
import { loadPlan, type LoadedPlan } from '../plan/load-plan.ts';
import { PLAN_FROM_PARENT_ENV, planMessage } from './plan-from-parent.ts';
import { requireHost } from '../plan/require-host.ts';
import { filterByTags } from '../plan/user.ts';
import { runInitOnce } from '../plan/events.ts';
import { shapeFromStages, type ResolvedStage } from '../plan/shape.ts';
import { parseStages } from '../shape/parse-stages.ts';
import { buildThresholds } from '../thresholds/threshold-list.ts';
import { CsvReportWriter } from '../report/csv-writer.ts';
import { checkReportPaths } from './report-files.ts';
import type { FleetSession } from './fleet-session.ts';
import { shownAt } from '../config/log-level.ts';
import { followLog } from './fleet-session.ts';
import { logEntryText } from '../master/master-state.ts';
import { runHeadless } from './headless-run.ts';
import { holdYoungGeneration } from './hold-young-generation.ts';
import { runningUsers } from '../master/master-state.ts';
import type { MetricsServer } from '../metrics/metrics-server.ts';
import { logFileWriter } from './log-output.ts';
import { httpSettings, insecureNotice, readPem } from './http-settings.ts';
import { joinCommand, joinInstructions, reachableAddresses } from './join-command.ts';
import type { JoinCommand } from './join-command.ts';
import { attachPlanToMaster } from './plan-on-master.ts';
import { startLocalWorkers, worstExitCode } from './local-workers.ts';
import type { LocalWorkers } from './local-workers.ts';
import { workerArgv, workerEnv } from './worker-argv.ts';
import type { ChildBroker } from './worker-argv.ts';

/** Runs the master side of `config`; resolves to the exit code, the worst in the family. */
export async function runFleet(config: Config): Promise<number> {
	// Before start-up's allocations grow it: Ink's frames would take the new space to 32 MB.
	if (!config.headless) holdYoungGeneration();
	// The demo's target and the dashboard (Ink, React) load only when used: a headless run never pays for them.
	const demo = config.command === 'demo' ? await (await import('./demo-target.ts')).startDemoTarget() : undefined;
	try {
		const loaded = await loadPlan(config.plan ?? demo!.planPath);
		const plan = { ...loaded, userClasses: pickUserClasses(loaded.userClasses, config.userClasses) };
		// --stages replaces the plan's shape; --threshold and the rest add to the plan's thresholds.
		const shape = config.stages === undefined ? plan.shape : shapeFromStages(parseStages(config.stages) as ResolvedStage[]);
		const thresholds = buildThresholds([...plan.thresholds.map((t) => ({ expression: t.expression, from: 'plan' })), ...config.threshold.map((expression) => ({ expression, from: '--threshold' }))]);
		const host = config.host ?? demo?.url;
		// Before any worker starts: without a target every request would fail.
		requireHost(filterByTags(plan.userClasses, [...config.tags], [...config.excludeTags]), host);
		// An --html or --junit path the end of the run could not write is the person's mistake,
		// and so is an unwritable --csv prefix: say so before starting anything.
		await checkReportPaths(config);
		const csv = config.csv === undefined ? undefined : new CsvReportWriter(config.csv, { fullHistory: config.csvFullHistory });
		await csv?.start();
		const writeLog = logFileWriter(config.logfile);
		// So is an unreadable --ca-cert or client certificate, which every local worker would hit.
		if (config.processes > 0) await httpSettings(config);
		if (config.insecure) process.stderr.write(insecureNotice);
		const master = await startMaster(await masterOptions(config, plan, host));
		const detachPlan = attachPlanToMaster(master, plan.hooks, host);
		await runInitOnce(plan.hooks, 'master', (error) => master.log('error', `the plan's init hook failed: ${error instanceof Error ? error.message : String(error)}`));
		const unlog = config.logfile === undefined ? undefined : followLog(master, (entry) => {
			if (shownAt(entry.level, config.loglevel)) writeLog(`${entry.level} ${logEntryText(entry)}`);
		});
		const join = joinFor(config, master);
		if (join !== undefined) process.stderr.write(joinInstructions(join));
		let peakUsers = 0;
		const unwatchPeak = master.subscribe((state) => {
			peakUsers = Math.max(peakUsers, runningUsers(state));
		});
		let workers: LocalWorkers | undefined;
		let metrics: MetricsServer | undefined;
		try {
			// Under the dashboard a line on stderr would be drawn over: the Log view says it instead.
			const say = config.headless ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => master.log('info', line);
			// The metrics server (prom-client) loads only for --metrics-port.
			metrics = config.metricsPort === undefined ? undefined : await (await import('./run-metrics.ts')).startRunMetrics(config, master, { startedAt: () => master.getState().startedAt, peakUsers: () => peakUsers, thresholds }, say);
			workers = config.processes > 0 ? startChildren(config, master, plan, writeLog) : undefined;
		} catch (error) {
			unwatchPeak();
			await metrics?.close();
			await master.quit();
			throw error;
		}
		const session: FleetSession = { config, master, workers, csv, planHost: planHosts(plan.userClasses), join, shape, thresholds, hooks: plan.hooks };
		try {
			let code: number;
			try {
				code = config.headless ? await runHeadless(session) : await (await import('./dashboard-run.ts')).runDashboard(session);
			} finally {
				unwatchPeak();
				await detachPlan();
				unlog?.();
				// The master told them to quit; a child that hangs on is ended.
				await workers?.stop(10_000);
			}
			const childCodes = workers === undefined ? [] : await workers.exited;
			return worstExitCode([code, ...childCodes]);
		} finally {
			// Served to the last moment, so a scraper gets the final figures too.
			await metrics?.close();
		}
	} finally {
		await demo?.close();
	}
}

/** The distinct hosts of the plan's classes, `, `-joined; undefined when none has one. */
function planHosts(classes: readonly { host?: string }[]): string | undefined {
	const hosts = [...new Set(classes.flatMap((c) => (c.host === undefined ? [] : [c.host])))];
	return hosts.length === 0 ? undefined : hosts.join(', ');
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

/** Local worker processes, connected the way remote ones would be. They run the master's shipped plan. */
function startChildren(config: Config, master: MasterRuntime, plan: LoadedPlan, writeLog: (line: string) => void): LocalWorkers {
	const broker: ChildBroker = config.broker !== undefined
		? { kind: 'external', url: config.broker }
		: { kind: 'master', host: '127.0.0.1', port: master.port! };
	const headless = config.headless;
	return startLocalWorkers({
		count: config.processes,
		argv: workerArgv(config, broker, { plan: plan.path }),
		// The bundle the master made goes to each child over IPC: no child bundles it again (no
		// esbuild in a worker), and loaded under the plan's real path its frames name that file.
		env: { ...workerEnv(master.token), [PLAN_FROM_PARENT_ENV]: '1' },
		message: planMessage(plan),
		// Under the dashboard a stray line would tear the frame: a worker's warnings and errors
		// go to the master's log (the Log view) instead, as the fields the child sent.
		onOutput: (index, line) => {
			// Under the dashboard the master's log has them (and --logfile through it).
			if (headless) writeLog(`[worker ${index}] ${line}`);
			if (headless) process.stderr.write(`[worker ${index}] ${line}\n`);
		},
		onLog: (index, level, text) => {
			if (!headless && level !== 'info') master.log(level, text, `local worker ${index}`);
		},
		onExit: (index, code, killed, pid) => {
			if (code === 0) return;
			// Its event loop never came back (it could not even quit): say why, not just a code.
			const text = killed ? neverStopped(master, config.stopTimeout, index, pid) : undefined;
			if (headless) process.stderr.write(`${text ?? `[worker ${index}] exited with code ${code}`}\n`);
			else master.log('error', text ?? `local worker ${index} exited with code ${code}`);
		},
	});
}

/** The line for a local worker the run had to kill: its user code never gave the event loop back. */
function neverStopped(master: MasterRuntime, stopTimeoutMs: number, index: number, pid: number | undefined): string {
	const id = Object.values(master.getState().workers).find((w) => w.pid === pid)?.id ?? `local ${index}`;
	return `worker ${id} did not stop its users within ${stopTimeoutMs / 1000} s: a task or hook never yields; killed`;
}

/** The join command for this master (undefined on a local run, which nobody joins). */
function joinFor(config: Config, master: MasterRuntime): JoinCommand | undefined {
	if (config.mode !== 'master') return undefined;
	const token = master.token === undefined ? undefined : { value: master.token, generated: master.tokenGenerated };
	return joinCommand({
		broker: config.broker,
		bindHost: config.masterBindHost,
		port: master.port ?? config.masterBindPort,
		tlsCert: config.tlsCert,
		cluster: config.cluster,
		token,
		addresses: reachableAddresses(networkInterfaces()),
		hostname: hostname(),
	});
}
