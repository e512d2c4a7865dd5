/**
 * One run on the master, however it is watched: the headless runner and the dashboard runner
 * are two thin presenters over this. It owns the 1 s tick (peak users, the --csv history, the
 * fleet check), the -t run timer, SIGINT/SIGTERM, and the end: stop the users, take the final
 * snapshot, decide the exit code (run-outcome.ts) and hand the finished run to every report.
 *
 * Seams, for what plugs in next (each is one call on the session, made before `start`):
 * - Load shape: `setLoadShape(shape)`. `targetAt(elapsedMs)` is the one place that decides
 *   the target users and spawn rate for this second: the shape's answer, else -u and -r. It
 *   is asked at the start and on every tick; a changed answer goes to the master.
 * - Tick: `onTick(listener)` gets a {@link RunTick} every second once the test runs (after the
 *   session's own bookkeeping): thresholds evaluate here, a metrics endpoint samples here.
 *   A listener may end the run early with `end(reason)`.
 * - Verdicts: `addVerdict(verdict)` is asked at the end with the {@link FinishedRun}; the
 *   exit code it returns (0: passed) joins the outcome, the worst code wins (run-outcome.ts).
 * - Reports: `addReport(writer)` gets the {@link FinishedRun} after the summary and --csv files
 *   (final-reports.ts) are written; every writer runs even when an earlier one fails.
 */
import type { Config } from '../config/config.ts';
import { activeWorkers, runningUsers } from '../master/master-state.ts';
import type { MasterState } from '../master/master-state.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';
import { writeFinalReports } from './final-reports.ts';
import type { FleetSession } from './fleet-session.ts';
import { runExitCode } from './run-outcome.ts';
import type { StopReason } from './run-outcome.ts';

/** ms between ticks (Locust writes its history every second too). */
const TICK_MS = 1000;

/** What a load shape says for one moment of the run. */
export interface RunTarget {
	users: number;
	/** Users/s for the whole fleet. */
	spawnRate: number;
}

/** A target over time; undefined keeps the current target. */
export type LoadShape = (elapsedMs: number) => RunTarget | undefined;

/** One second of a running test. */
export interface RunTick {
	/** Epoch ms. */
	now: number;
	/** Since the test started, ms. */
	elapsedMs: number;
	/** Ticks since the test started: 1, 2, ... */
	second: number;
	state: MasterState;
	/** Running users, from heartbeats. */
	users: number;
	peakUsers: number;
}

/** A run that is over: what verdicts and reports read. */
export interface FinishedRun {
	config: Config;
	state: MasterState;
	snapshot: StatsSnapshot;
	/** Epoch ms. */
	startedAt: number;
	endedAt: number;
	peakUsers: number;
	stopReason: StopReason;
	exitCode: number;
}

/** Writes one more final report (HTML, JUnit, ...); a failure throws after every writer ran. */
export type ReportWriter = (run: FinishedRun) => Promise<void> | void;

/** An exit code for a finished run (0: passed), e.g. from thresholds. */
export type Verdict = (run: Omit<FinishedRun, 'exitCode'>) => number;

/** How the presenter wants the run to end. */
export interface RunSessionOptions {
	/**
	 * `headless`: -t ends the run and so does losing every worker. `dashboard`: -t stops the
	 * users and the person reads the result and quits.
	 */
	mode: 'headless' | 'dashboard';
	/** Epoch ms clock; default Date.now. */
	now?: () => number;
	/** Where the summary goes; default process.stdout. */
	out?: NodeJS.WritableStream;
}

/** See the module comment. */
export class RunSession {
	/** Resolves with the first reason to end the run. */
	readonly ended: Promise<StopReason>;
	private endWith!: (reason: StopReason) => void;
	private readonly tickListeners = new Set<(tick: RunTick) => void>();
	private readonly reports: ReportWriter[] = [];
	private readonly verdicts: Verdict[] = [];
	private shape: LoadShape | undefined;
	private peakUsers = 0;
	private second = 0;
	private lastTarget: RunTarget | undefined;
	private ticker: NodeJS.Timeout;
	private stopped = false;
	private runTimer: NodeJS.Timeout | undefined;
	private readonly interrupted = (): void => this.end('interrupted');

	constructor(
		readonly fleet: FleetSession,
		private readonly options: RunSessionOptions,
	) {
		this.ended = new Promise((resolve) => (this.endWith = resolve));
		process.on('SIGINT', this.interrupted);
		process.on('SIGTERM', this.interrupted);
		this.ticker = setInterval(() => this.everySecond(), TICK_MS);
		// -t and the ticks count from the start, however the test was started (a key, -u, a headless run).
		void this.master.whenState((s) => s.startedAt !== null).then((state) => {
			if (state === undefined || this.stopped) return;
			clearInterval(this.ticker);
			this.ticker = setInterval(() => this.everySecond(), TICK_MS);
			this.armRunTime();
		});
	}

	get master(): FleetSession['master'] {
		return this.fleet.master;
	}

	get config(): Config {
		return this.fleet.config;
	}

	// ---- seams ----

	setLoadShape(shape: LoadShape): void {
		this.shape = shape;
	}

	/** Called every second while the test runs; returns the unsubscribe function. */
	onTick(listener: (tick: RunTick) => void): () => void {
		this.tickListeners.add(listener);
		return () => this.tickListeners.delete(listener);
	}

	addVerdict(verdict: Verdict): void {
		this.verdicts.push(verdict);
	}

	addReport(writer: ReportWriter): void {
		this.reports.push(writer);
	}

	/** The target for this moment of the run: the load shape's, else -u and -r. */
	targetAt(elapsedMs: number): RunTarget | undefined {
		if (this.shape !== undefined) return this.shape(elapsedMs);
		if (elapsedMs > 0) return undefined;
		return { users: this.config.users ?? 1, spawnRate: this.config.spawnRate };
	}

	// ---- the run ----

	/** Sets the first target and starts the test. */
	start(): void {
		this.applyTarget(this.targetAt(0));
		this.master.start();
	}

	/**
	 * Dashboard with -u: starts once the expected workers are in (the person sees them join
	 * meanwhile). Without -u the person sets users and rate and starts with a key.
	 */
	startWhenReady(): void {
		this.master.setSpawnRate(this.config.spawnRate);
		if (this.config.users === undefined && this.shape === undefined) return;
		void this.master.waitForWorkers(this.config.expectWorkers).then(() => {
			const runState = this.master.getState().runState;
			if (runState === 'waiting' || runState === 'ready') this.start();
		});
	}

	/** Ends the run for `reason` (the first reason wins). */
	end(reason: StopReason): void {
		this.endWith(reason);
	}

	/**
	 * Stops the users (if they still run), writes the summary, the --csv files and every added
	 * report, and resolves to the exit code. The presenter quits the master around it.
	 */
	async finish(reason: StopReason): Promise<number> {
		this.stopClocks();
		await this.master.stopUsers();
		const state = this.master.getState();
		const now = this.now();
		const run: Omit<FinishedRun, 'exitCode'> = {
			config: this.config,
			state,
			snapshot: this.master.snapshot(),
			startedAt: state.startedAt ?? now,
			endedAt: state.stoppedAt ?? now,
			peakUsers: Math.max(this.peakUsers, runningUsers(state)),
			stopReason: reason,
		};
		const exitCode = runExitCode({
			snapshot: run.snapshot,
			reason,
			exitCodeOnError: this.config.exitCodeOnError,
			verdicts: this.verdicts.map((verdict) => verdict(run)),
		});
		const finished: FinishedRun = { ...run, exitCode };
		const writers: ReportWriter[] = [(r) => writeFinalReports({ ...r, csv: this.fleet.csv, ...(this.options.out && { out: this.options.out }) }), ...this.reports];
		let failure: unknown;
		for (const write of writers) {
			try {
				await write(finished);
			} catch (error) {
				failure ??= error;
			}
		}
		if (failure !== undefined) throw failure;
		return exitCode;
	}

	/** Stops the tick, the run timer and, last, the signal handlers (a second Ctrl-C while stopping is absorbed until then). */
	dispose(): void {
		this.stopClocks();
		process.off('SIGINT', this.interrupted);
		process.off('SIGTERM', this.interrupted);
	}

	private stopClocks(): void {
		this.stopped = true;
		clearInterval(this.ticker);
		clearTimeout(this.runTimer);
	}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	private armRunTime(): void {
		const runTime = this.config.runTime;
		if (runTime === undefined || this.runTimer !== undefined || this.stopped) return;
		this.runTimer = setTimeout(() => {
			if (this.options.mode === 'headless') this.end('run-time');
			else void this.master.stopUsers();
		}, runTime);
	}

	private applyTarget(target: RunTarget | undefined): void {
		if (target === undefined) return;
		if (this.lastTarget?.spawnRate !== target.spawnRate) this.master.setSpawnRate(target.spawnRate);
		if (this.lastTarget?.users !== target.users) this.master.setUsers(target.users);
		this.lastTarget = target;
	}

	private everySecond(): void {
		const state = this.master.getState();
		const users = runningUsers(state);
		this.peakUsers = Math.max(this.peakUsers, users);
		if (state.startedAt === null) return;
		const now = this.now();
		const elapsedMs = now - state.startedAt;
		if (state.runState === 'spawning' || state.runState === 'running') this.applyTarget(this.targetAt(elapsedMs));
		this.fleet.csv?.appendHistory(this.master.aggregator.snapshot({ workers: false }), users);
		if (this.options.mode === 'headless' && activeWorkers(state).length === 0) this.end('all-workers-lost');
		const tick: RunTick = { now, elapsedMs, second: ++this.second, state, users, peakUsers: this.peakUsers };
		for (const listener of this.tickListeners) listener(tick);
	}
}
