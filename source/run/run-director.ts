/**
 * What a run should do next, second by second, beyond the person's keys (pure, injected clock):
 * follow the load shape, judge the thresholds live, stop at the shape's end, on a
 * threshold that failed for its grace (--abort-on-threshold), and reset
 * the stats once the ramp completes (--reset-stats). The run session calls `tick()` once a
 * second and carries out the actions; the presenters read `progress()` and `lastResults`.
 */
import type { LoadShape } from '../plan/shape.ts';
import { ShapeDriver, type ShapeProgress } from '../shape/shape-driver.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';
import { evaluateThresholds, formatThresholdValue, type ThresholdResult } from '../thresholds/evaluate-thresholds.ts';
import type { Threshold } from '../thresholds/parse-threshold.ts';
import { abortReasonText, ThresholdWatch } from '../thresholds/threshold-watch.ts';
import type { StopReason } from './run-outcome.ts';

/** How the run is directed. */
export interface DirectorOptions {
	shape?: LoadShape | undefined;
	thresholds?: readonly Threshold[];
	abortOnThreshold?: boolean;
	/** ms a threshold must fail before an abort. */
	thresholdGraceMs?: number;
	/** --reset-stats: once, when the ramp (or the shape's first stage) completes. */
	resetStatsAfterRamp?: boolean;
}

/** What the session should do. */
export type DirectorAction =
	| { type: 'set-target'; users: number; spawnRate: number; userClasses?: readonly string[] }
	| { type: 'stop'; reason: StopReason; detail?: string }
	| { type: 'reset-stats' }
	| { type: 'log'; level: 'info' | 'warn' | 'error'; text: string };

/** The run as the director sees it at a tick. */
export interface DirectorInput {
	/** ms, the session's clock. */
	now: number;
	/** Users running, fleet-wide. */
	users: number;
	/** The fleet reached its target (the master's run state is `running`). */
	rampComplete: boolean;
	stats: Pick<StatsSnapshot, 'aggregated' | 'endpoints'>;
}

/** See the module comment. */
export class RunDirector {
	private readonly shape: ShapeDriver | undefined;
	private readonly thresholds: readonly Threshold[];
	private readonly watch: ThresholdWatch | undefined;
	private startedAt: number | undefined;
	private stopped = false;
	private resetDone: boolean;
	private lastTarget: { users: number; spawnRate: number; classes: string } | undefined;
	private readonly reported = new Set<string>();
	/** The latest live verdicts (empty without thresholds). */
	lastResults: ThresholdResult[] = [];

	constructor(private readonly options: DirectorOptions = {}) {
		this.shape = options.shape ? new ShapeDriver(options.shape) : undefined;
		this.thresholds = options.thresholds ?? [];
		this.watch = options.abortOnThreshold && this.thresholds.length > 0 ? new ThresholdWatch(options.thresholdGraceMs) : undefined;
		this.resetDone = !options.resetStatsAfterRamp;
	}

	/** True when a shape decides the user count. */
	get shaped(): boolean {
		return this.shape !== undefined;
	}

	/** True when thresholds are judged. */
	get judged(): boolean {
		return this.thresholds.length > 0;
	}

	/** The test starts (or starts again, after a stop): the shape, -t and the abort clocks start afresh. */
	start(input: DirectorInput): DirectorAction[] {
		const { now } = input;
		this.startedAt = now;
		this.stopped = false;
		this.lastTarget = undefined;
		this.watch?.reset();
		// The last test's verdicts are not this one's: none until its first tick judges.
		this.lastResults = [];
		this.resetDone = !this.options.resetStatsAfterRamp;
		this.shape?.start(now);
		return this.tick(input, false);
	}

	/** A ramp key took manual control: the shape pauses. Returns the log line to show, if any. */
	manual(now: number): DirectorAction[] {
		if (!this.shape || this.shape.paused || this.shape.isEnded) return [];
		this.shape.pause(now);
		return [{ type: 'log', level: 'info', text: 'manual: shape paused (press the resume key to hand control back)' }];
	}

	/** Hands control back to the shape. */
	resume(input: DirectorInput): DirectorAction[] {
		if (!this.shape?.paused) return [];
		this.shape.resume(input.now);
		this.lastTarget = undefined;
		return [{ type: 'log', level: 'info', text: 'shape resumed' }, ...this.tick(input, false)];
	}

	get paused(): boolean {
		return this.shape?.paused ?? false;
	}

	/** Stats were reset: threshold clocks restart with the evidence. */
	statsReset(): void {
		this.watch?.reset();
	}

	/** Judge the thresholds on any snapshot (the final one at the end). */
	judge(stats: Pick<StatsSnapshot, 'aggregated' | 'endpoints'>): ThresholdResult[] {
		return evaluateThresholds(this.thresholds, stats);
	}

	/** Where the shape stands, for the header; null without a shape or once it ended. */
	progress(now: number): ShapeProgress | null {
		return this.shape?.progress(now) ?? null;
	}

	/**
	 * One second of the run.
	 * @param judge false for the calls that only apply the shape (start, resume).
	 */
	tick(input: DirectorInput, judge = true): DirectorAction[] {
		if (this.startedAt === undefined || this.stopped) return [];
		const actions: DirectorAction[] = [];
		const stop = (reason: StopReason, detail?: string): DirectorAction[] => {
			this.stopped = true;
			actions.push({ type: 'stop', reason, ...(detail !== undefined && { detail }) });
			return actions;
		};

		if (this.shape) {
			const step = this.shape.step(input.now, { users: input.users, stats: input.stats.aggregated });
			if (step.kind === 'end') return stop('shape-end');
			// A broken tick holds the last target; its error is logged once, not every second.
			if (step.kind === 'hold' && step.error !== undefined && !this.reported.has(step.error)) {
				this.reported.add(step.error);
				actions.push({ type: 'log', level: 'warn', text: step.error });
			}
			if (step.kind === 'target') {
				const classes = step.userClasses?.join(',') ?? '';
				const last = this.lastTarget;
				if (!last || last.users !== step.users || last.spawnRate !== step.spawnRate || last.classes !== classes) {
					this.lastTarget = { users: step.users, spawnRate: step.spawnRate, classes };
					actions.push({ type: 'set-target', users: step.users, spawnRate: step.spawnRate, ...(step.userClasses !== undefined && { userClasses: step.userClasses }) });
				}
			}
		}

		if (!this.resetDone && this.rampDone(input)) {
			this.resetDone = true;
			actions.push({ type: 'reset-stats' }, { type: 'log', level: 'info', text: 'ramp complete: stats reset (--reset-stats)' });
		}

		if (judge && this.judged) {
			this.lastResults = evaluateThresholds(this.thresholds, input.stats);
			const breached = this.watch?.observe(this.lastResults, input.now);
			if (breached) {
				const text = abortReasonText(breached, this.options.thresholdGraceMs ?? 10_000, formatThresholdValue(breached.metric, breached.value));
				actions.push({ type: 'log', level: 'warn', text: `${text}: stopping (--abort-on-threshold)` });
				return stop('threshold', text);
			}
		}
		return actions;
	}

	/** The ramp is done: without a shape, the fleet reached -u; with stages, the first stage is over. */
	private rampDone(input: DirectorInput): boolean {
		if (!this.shape) return input.rampComplete;
		const progress = this.shape.progress(input.now);
		return progress === null || (progress.kind === 'stages' ? progress.stage > 1 : input.rampComplete);
	}
}
