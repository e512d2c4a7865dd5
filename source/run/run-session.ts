/**
 * One run on the master, however it is watched: the headless runner and the dashboard runner
 * are two thin presenters over this. It owns the 1 s tick (peak users, the --csv history, the
 * per-second timeline, the fleet check), the -t run timer, SIGINT/SIGTERM, the load shape and
 * the thresholds (through a RunDirector), and the end: stop the users, take the final
 * snapshot, judge the thresholds, decide the exit code (run-outcome.ts), let the plan's
 * `quitting` hooks change it, and hand the finished run to every report.
 *
 * Seams, for what plugs in next (each is one call on the session, made before `start`):
 * - Tick: `onTick(listener)` gets a {@link RunTick} every second once the test runs (after the
 *   session's own bookkeeping): a metrics endpoint samples here. A listener may end the run
 *   early with `end(reason)`.
 * - Verdicts: `addVerdict(verdict)` is asked at the end with the {@link FinishedRun}; the
 *   exit code it returns (0: passed) joins the outcome (run-outcome.ts). Thresholds are one.
 * - Reports: `addReport(writer)` gets the {@link FinishedRun} after the summary and --csv files
 *   (final-reports.ts) are written; every writer runs even when an earlier one fails.
 */
import type { Config } from '../config/config.ts';
import { ExitCode } from '../errors.ts';
import { activeWorkers, runningUsers } from '../master/master-state.ts';
import type { MasterState } from '../master/master-state.ts';
import type { RunRecord, TimelinePoint } from '../report/json-summary.ts';
import { bindQuit } from '../plan/control.ts';
import { runHooks } from '../plan/events.ts';
import { QUIT_MESSAGE } from '../plan/messages.ts';
import { formatElapsed } from '../format.ts';
import { formatShapeOutline, formatShapeProgress } from '../shape/shape-driver.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';
import { allPassed, thresholdTally, type ThresholdResult } from '../thresholds/evaluate-thresholds.ts';
import { writeFinalReports, type SummaryInput } from './final-reports.ts';
import type { FleetSession } from './fleet-session.ts';
import { RunDirector, type DirectorAction, type DirectorInput } from './run-director.ts';
import { runExitCode } from './run-outcome.ts';
import type { StopReason } from './run-outcome.ts';

/** ms between ticks (Locust writes its history every second too). */
export const TICK_MS = 1000;

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

/** A run that is over: what verdicts and reports read. Every fact is set, the stop reason typed. */
export interface FinishedRun extends SummaryInput {
	stopReason: StopReason;
	/** A plan's quit() reason, the threshold that aborted the run. */
	stopDetail: string | undefined;
	shape: 'stages' | 'tick' | undefined;
	/** Every threshold judged on the final snapshot. */
	thresholds: ThresholdResult[];
	timeline: TimelinePoint[];
	/** The per-second history (for --json, --html and the like). */
	record: RunRecord;
}

/** Writes one more final report (HTML, JUnit, ...); a failure throws after every writer ran. */
export type ReportWriter = (run: FinishedRun) => Promise<void> | void;

/** An exit code for a finished run (0: passed), e.g. from thresholds. */
export type Verdict = (run: Omit<FinishedRun, 'exitCode'>) => number;

/** What the presenters show live beyond the master's state. */
export interface LiveRun {
	/** The shape in every phase: its outline before the start, `stage 2/3 → 8 users, 21s left · next 0 users · 31s of 1m20s left` while it runs (with `manual: shape paused, g resumes`), `done: ...` or `stopped in stage 2/3` after; undefined without a shape. */
	shape: string | undefined;
	/** The latest verdicts, [] without thresholds and before the test's first second. */
	thresholds: ThresholdResult[];
	/** How many thresholds the run has (judged or not yet). */
	thresholdCount: number;
	/** `thresholds 4/4 ok` or `thresholds 3/4 FAIL p95 < 500 (612ms)`; empty without thresholds. */
	tally: string;
}

/** How the presenter wants the run to end. */
export interface RunSessionOptions {
	/**
	 * `headless`: -t, the shape's end and a threshold abort end the run, and so does losing
	 * every worker. `dashboard`: they stop the users and the person reads the result and quits
	 * (or --autoquit does).
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
	private readonly testEndListeners = new Set<(reason: StopReason) => void>();
	private readonly reports: ReportWriter[] = [];
	private readonly verdicts: Verdict[] = [];
	private readonly director: RunDirector;
	private peakUsers = 0;
	/** Running users at the last tick before the stop: the final history row's user count. */
	private lastUsers = 0;
	/**
	 * When the current test's users were told to stop (epoch ms: the load's end, before the
	 * stop's confirmations) and how many ran then (heartbeats may land after the last tick: a
	 * 2 s run). Kept with the test's start, so a new test never reads the last one's stop.
	 */
	private stopOrder: { test: number; at: number; users: number } | undefined;
	private readonly unwatchStop: () => void;
	private second = 0;
	private ticker: NodeJS.Timeout;
	private stopped = false;
	private runTimer: NodeJS.Timeout | undefined;
	/** The master's `startedAt` of the test the director follows. */
	private testStartedAt: number | null = null;
	/** Why the current test's users were stopped by the session (dashboard), and more on it. */
	private testEnd: { reason: StopReason; detail?: string } | undefined;
	private stopDetail: string | undefined;
	private timeline: Array<Omit<TimelinePoint, 'rps'>> = [];
	private readonly interrupted = (): void => this.end('interrupted');
	private readonly unbindQuit: () => void;

	constructor(
		readonly fleet: FleetSession,
		private readonly options: RunSessionOptions,
	) {
		this.ended = new Promise((resolve) => (this.endWith = resolve));
		const config = fleet.config;
		this.director = new RunDirector({
			shape: fleet.shape,
			thresholds: fleet.thresholds ?? [],
			abortOnThreshold: config.abortOnThreshold,
			thresholdGraceMs: config.thresholdGrace,
			resetStatsAfterRamp: config.resetStats,
		});
		if (this.director.judged) this.addVerdict((run) => (run.stopReason === 'threshold' || !allPassed(run.thresholds) ? ExitCode.threshold : 0));
		// A plan's quit(): on the master directly, from a worker as Drove's own message.
		const quit = (reason: string | undefined): void => this.end('plan-quit', reason);
		this.unbindQuit = bindQuit(quit);
		this.master.onMessage(QUIT_MESSAGE, (data) => {
			const reason = (data as { reason?: unknown } | null)?.reason;
			quit(typeof reason === 'string' ? reason : undefined);
		});
		process.on('SIGINT', this.interrupted);
		process.on('SIGTERM', this.interrupted);
		this.ticker = setInterval(() => this.everySecond(), TICK_MS);
		// However a test's stop comes (-t, a key, Ctrl-C), its load ends when the stop is ordered.
		this.unwatchStop = this.master.subscribe((state) => {
			const test = state.startedAt;
			if (test === null || (state.runState !== 'stopping' && state.runState !== 'stopped') || this.stopOrder?.test === test) return;
			this.stopOrder = { test, at: this.now(), users: runningUsers(state) };
		});
		// -t and the ticks count from the start, however the test was started (a key, -u, a headless run).
		void this.master.whenState((s) => s.startedAt !== null).then((state) => {
			if (state === undefined || this.stopped) return;
			clearInterval(this.ticker);
			this.ticker = setInterval(() => this.everySecond(), TICK_MS);
			this.armRunTime();
			// A test started by a key is followed from here (one started by start() already is).
			this.followTest(state);
		});
	}

	get master(): FleetSession['master'] {
		return this.fleet.master;
	}

	get config(): Config {
		return this.fleet.config;
	}

	// ---- seams ----

	/** Called every second while the test runs; returns the unsubscribe function. */
	onTick(listener: (tick: RunTick) => void): () => void {
		this.tickListeners.add(listener);
		return () => this.tickListeners.delete(listener);
	}

	/** Called when -t, the shape's end or a threshold stops a dashboard test (for --autoquit). */
	onTestEnd(listener: (reason: StopReason) => void): () => void {
		this.testEndListeners.add(listener);
		return () => this.testEndListeners.delete(listener);
	}

	addVerdict(verdict: Verdict): void {
		this.verdicts.push(verdict);
	}

	addReport(writer: ReportWriter): void {
		this.reports.push(writer);
	}

	/** The shape's progress and the live thresholds, for the header and the status lines. */
	live(): LiveRun {
		const thresholds = this.director.lastResults;
		return { shape: this.shapeText(), thresholds, thresholdCount: this.fleet.thresholds?.length ?? 0, tally: thresholdTally(thresholds) };
	}

	/**
	 * The shape's line in every phase, so the header always says what the shape does: what it
	 * will do before the start, where it stands while it runs, and after the test stopped that
	 * Enter runs it again from its first stage (the dashboard's start does: see start()).
	 */
	private shapeText(): string | undefined {
		const shape = this.fleet.shape;
		if (shape === undefined) return undefined;
		const dashboard = this.options.mode === 'dashboard';
		const outline = formatShapeOutline(shape, formatElapsed);
		if (this.testStartedAt === null) return `${outline} · ${dashboard ? 'starts when the workers are in' : 'starts with the run'}`;
		const again = dashboard ? ' · Enter runs it again' : '';
		const runState = this.master.getState().runState;
		if (this.testEnd?.reason === 'shape-end') return `done: ${outline}${again}`;
		if (runState === 'stopping' || runState === 'stopped') {
			const at = this.director.progress(this.stopOf(this.testStartedAt)?.at ?? this.now());
			return `stopped${at?.kind === 'stages' ? ` in stage ${at.stage}/${at.stageCount}` : ''}${again}`;
		}
		const progress = this.director.progress(this.now());
		return progress === null ? `done: ${outline}${again}` : formatShapeProgress(progress, formatElapsed);
	}

	/** A ramp key was pressed: the person takes over from the shape. */
	manualControl(): void {
		this.apply(this.director.manual(this.now()));
	}

	/** Hands control back to the shape. */
	resumeShape(): void {
		this.apply(this.director.resume(this.input(this.master.getState())));
	}

	// ---- the run ----

	/**
	 * Sets the first target (the shape's, else -u and -r) and starts the test. The dashboard's
	 * Enter in a shaped run comes here too: a new test runs the shape again from its first stage
	 * (as Locust's start does with a LoadTestShape), whatever the last one ended at.
	 */
	start(): void {
		if (this.director.shaped) {
			// The shape's first target before the start, so the test starts with it.
			this.apply(this.director.start(this.input(this.master.getState())));
			this.master.start();
			this.followTest(this.master.getState(), false);
			return;
		}
		this.master.setSpawnRate(this.config.spawnRate);
		this.master.setUsers(this.config.users ?? 1);
		this.master.start();
		this.followTest(this.master.getState());
	}

	/**
	 * Dashboard with -u or a shape: starts once the expected workers are in (the person sees
	 * them join meanwhile). Without either the person sets users and rate and starts with a key.
	 */
	startWhenReady(): void {
		this.master.setSpawnRate(this.config.spawnRate);
		if (this.config.users === undefined && !this.director.shaped) return;
		void this.master.waitForWorkers(this.config.expectWorkers).then(() => {
			const runState = this.master.getState().runState;
			if (runState === 'waiting' || runState === 'ready') this.start();
		});
	}

	/** Ends the run for `reason` (the first reason wins). */
	end(reason: StopReason, detail?: string): void {
		if (this.stopDetail === undefined && detail !== undefined) this.stopDetail = detail;
		this.endWith(reason);
	}

	/** Why the last test ended on its own in a dashboard run (-t, the shape, a threshold), if it did. */
	get testEndReason(): StopReason | undefined {
		return this.testEnd?.reason;
	}

	/**
	 * Stops the users (if they still run), writes the summary, the --csv files and every added
	 * report, and resolves to the exit code. The presenter quits the master around it.
	 */
	async finish(reason: StopReason): Promise<number> {
		this.stopClocks();
		const before = this.master.getState();
		if (before.startedAt !== null && before.runState !== 'stopped' && this.stopOf(before.startedAt) === undefined) {
			this.stopOrder = { test: before.startedAt, at: this.now(), users: runningUsers(before) };
		}
		await this.master.stopUsers();
		const state = this.master.getState();
		const now = this.now();
		const snapshot = this.master.snapshot();
		const stop = this.stopOf(state.startedAt);
		// The history ends with the final totals, the same numbers as the stats file.
		// Its user count is the one at the stop order, or the last tick's if no heartbeat had it.
		if (state.startedAt !== null) this.fleet.csv?.appendHistory(snapshot, stop?.users || this.lastUsers, now);
		const run: Omit<FinishedRun, 'exitCode'> = {
			config: this.config,
			state,
			snapshot,
			startedAt: state.startedAt ?? now,
			// The load's duration: from the start to the stop order, not to the end of the stop.
			endedAt: stop?.at ?? state.stoppedAt ?? now,
			peakUsers: Math.max(this.peakUsers, runningUsers(state)),
			stopReason: reason,
			record: { history: this.master.aggregator.history(), workerHistory: this.master.aggregator.workerHistory() },
			stopDetail: this.stopDetail ?? (this.testEnd?.reason === reason ? this.testEnd.detail : undefined),
			shape: this.fleet.shape?.kind,
			thresholds: this.director.judge(snapshot),
			timeline: this.timelineWithRates(),
		};
		let exitCode = runExitCode({
			snapshot: run.snapshot,
			reason,
			exitCodeOnError: this.config.exitCodeOnError,
			verdicts: this.verdicts.map((verdict) => verdict(run)),
		});
		exitCode = await this.quitting(snapshot, exitCode);
		const finished: FinishedRun = { ...run, exitCode };
		const writers: ReportWriter[] = [
			(r) => writeFinalReports({ ...r, csv: this.fleet.csv, planHost: this.fleet.planHost, ...(this.options.out && { out: this.options.out }) }),
			...this.reports,
		];
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
		this.unbindQuit();
		this.unwatchStop();
		process.off('SIGINT', this.interrupted);
		process.off('SIGTERM', this.interrupted);
	}

	/** The plan's `quitting` hooks on the master: they see the final stats and may set the exit code. */
	private async quitting(stats: StatsSnapshot, exitCode: number): Promise<number> {
		const hooks = this.fleet.hooks;
		if (hooks === undefined || hooks.quitting.length === 0) return exitCode;
		let code = exitCode;
		const setExitCode = (next: number): void => {
			if (Number.isInteger(next) && next >= 0 && next <= 255) code = next;
			else this.master.log('error', `quitting: setExitCode(${String(next)}) ignored: an exit code is a whole number from 0 to 255`);
		};
		await runHooks(hooks, 'quitting', { role: 'master', stats, exitCode, setExitCode }, (error) =>
			this.master.log('error', `the plan's quitting hook failed: ${error instanceof Error ? error.message : String(error)}`),
		);
		return code;
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
		this.runTimer = setTimeout(() => this.stopTest('run-time'), runTime);
	}

	/** -t, the shape's end, a threshold: headless ends the run; the dashboard stops the users. */
	private stopTest(reason: StopReason, detail?: string): void {
		if (this.options.mode === 'headless') {
			this.end(reason, detail);
			return;
		}
		this.testEnd = { reason, ...(detail !== undefined && { detail }) };
		void this.master.stopUsers();
		for (const listener of this.testEndListeners) listener(reason);
	}

	/** The stop order of the test that started at `test`, if it was stopped. */
	private stopOf(test: number | null): { at: number; users: number } | undefined {
		return test !== null && this.stopOrder?.test === test ? this.stopOrder : undefined;
	}

	/** A (new) test started: the director, the timeline and the tick count start afresh. */
	private followTest(state: MasterState, startDirector = true): void {
		const startedAt = state.startedAt;
		if (startedAt === null || startedAt === this.testStartedAt) return;
		this.testStartedAt = startedAt;
		this.testEnd = undefined;
		this.timeline = [];
		this.second = 0;
		if (startDirector) this.apply(this.director.start(this.input(state)));
	}

	private input(state: MasterState): DirectorInput {
		return {
			now: this.now(),
			users: runningUsers(state),
			rampComplete: state.runState === 'running',
			stats: this.master.aggregator.snapshot({ workers: false }),
		};
	}

	private apply(actions: readonly DirectorAction[]): void {
		for (const action of actions) {
			switch (action.type) {
				case 'set-target':
					this.master.setSpawnRate(action.spawnRate);
					if (action.userClasses !== undefined) this.master.setUserClasses(action.userClasses);
					this.master.setUsers(action.users);
					break;
				case 'reset-stats':
					this.master.resetStats();
					this.director.statsReset();
					break;
				case 'log':
					this.master.log(action.level, action.text);
					break;
				case 'stop':
					this.stopTest(action.reason, action.detail);
					break;
			}
		}
	}

	/** The timeline with each second's request count from the master's chart history. */
	private timelineWithRates(): TimelinePoint[] {
		const rps = new Map<number, number>();
		for (const point of this.master.aggregator.history()) rps.set(Math.floor(point.time / 1000), point.rps);
		return this.timeline.map((p) => ({ ...p, rps: rps.get(Math.floor(p.time / 1000)) ?? 0 }));
	}

	private everySecond(): void {
		const state = this.master.getState();
		const users = runningUsers(state);
		this.peakUsers = Math.max(this.peakUsers, users);
		if (state.startedAt === null) return;
		this.followTest(state);
		const now = this.now();
		const elapsedMs = now - state.startedAt;
		const testRuns = state.runState === 'spawning' || state.runState === 'running';
		if (testRuns) this.apply(this.director.tick(this.input(state)));
		const after = this.master.getState();
		if (testRuns) {
			this.timeline.push({ time: now, users, targetUsers: after.targetUsers });
			this.lastUsers = users;
		}
		// User counts come with heartbeats, after the first stats: no row claims 0 users with requests.
		if (this.peakUsers > 0) this.fleet.csv?.appendHistory(this.master.aggregator.snapshot({ workers: false }), users, now, after.targetUsers);
		if (this.options.mode === 'headless' && activeWorkers(state).length === 0) this.end('all-workers-lost');
		const tick: RunTick = { now, elapsedMs, second: ++this.second, state: after, users, peakUsers: this.peakUsers };
		for (const listener of this.tickListeners) listener(tick);
	}
}
