/**
 * Runs a load shape against a clock (pure: the caller passes `now`, epoch ms, and the live
 * figures). Once a second the run session asks `step()` what the fleet's target is; the
 * driver answers from the stages or the plan's tick, and says when the shape has ended.
 *
 * Manual control: a ramp key pauses the shape (its clock stops, its targets are not applied);
 * resuming continues the shape where it was, so a 2-minute stage still lasts 2 minutes of
 * shape time.
 */
import type { LoadShape, ShapeTarget } from '../plan/shape.ts';
import type { EndpointStats } from '../stats/snapshot.ts';
import { stageAt, stagesDurationMs } from './stage-math.ts';

/** What the fleet should do now. */
export type ShapeStep =
	| { kind: 'target'; users: number; spawnRate: number; userClasses?: readonly string[] }
	/** Keep the current target (paused, or the tick failed: see `error`). */
	| { kind: 'hold'; error?: string }
	/** The shape is over: stop the run as -t does. */
	| { kind: 'end' };

/** For the dashboard header and status lines. */
export type ShapeProgress =
	| { kind: 'stages'; paused: boolean; stage: number; stageCount: number; leftMs: number; stageLeftMs: number; durationMs: number; target: number; nextUsers: number | null }
	| { kind: 'tick'; paused: boolean; elapsedMs: number; target: number | null };

/** The live figures a tick shape sees. */
export interface ShapeLive {
	users: number;
	stats: EndpointStats;
}

/** Checks what a tick returned: the target, null for the end, or a problem phrase. */
export function checkTickResult(value: unknown, runningUsers: number): { users: number; spawnRate: number; userClasses?: readonly string[] } | null | string {
	if (value === null || value === undefined) return null;
	if (typeof value !== 'object') return `the shape's tick must return { users, spawnRate? } or null, got ${JSON.stringify(value)}`;
	const target = value as ShapeTarget;
	if (!Number.isInteger(target.users) || target.users < 0) return `the shape's tick returned users ${JSON.stringify(target.users)}; it must be a whole number >= 0`;
	if (target.spawnRate !== undefined && !(typeof target.spawnRate === 'number' && Number.isFinite(target.spawnRate) && target.spawnRate > 0)) {
		return `the shape's tick returned spawnRate ${JSON.stringify(target.spawnRate)}; it must be a number > 0`;
	}
	if (target.userClasses !== undefined && !(Array.isArray(target.userClasses) && target.userClasses.every((name) => typeof name === 'string'))) {
		return "the shape's tick returned userClasses that is not an array of class names";
	}
	// Reaching the new count within one second: the shape is asked again in a second.
	const spawnRate = target.spawnRate ?? Math.max(1, Math.abs(target.users - runningUsers));
	return { users: target.users, spawnRate, ...(target.userClasses !== undefined && { userClasses: [...target.userClasses] }) };
}

/** A shape on a clock. */
export class ShapeDriver {
	private startedAt: number | undefined;
	private pausedAt: number | undefined;
	private pausedMs = 0;
	private ended = false;
	private lastTarget: number | null = null;

	constructor(readonly shape: LoadShape) {}

	/** The shape's clock starts (the run's start). */
	start(now: number): void {
		this.startedAt = now;
		this.pausedAt = undefined;
		this.pausedMs = 0;
		this.ended = false;
		this.lastTarget = null;
	}

	get paused(): boolean {
		return this.pausedAt !== undefined;
	}

	get isEnded(): boolean {
		return this.ended;
	}

	/** Manual control takes over: the shape's clock stops. */
	pause(now: number): void {
		if (this.pausedAt === undefined && !this.ended) this.pausedAt = now;
	}

	/** The shape takes over again where it left off. */
	resume(now: number): void {
		if (this.pausedAt === undefined) return;
		this.pausedMs += Math.max(0, now - this.pausedAt);
		this.pausedAt = undefined;
	}

	/** ms of shape time at `now` (0 before the start). */
	elapsedMs(now: number): number {
		if (this.startedAt === undefined) return 0;
		return Math.max(0, (this.pausedAt ?? now) - this.startedAt - this.pausedMs);
	}

	/** What the fleet should do at `now`. */
	step(now: number, live: ShapeLive): ShapeStep {
		if (this.ended) return { kind: 'end' };
		if (this.startedAt === undefined || this.paused) return { kind: 'hold' };
		const elapsedMs = this.elapsedMs(now);
		if (this.shape.kind === 'stages') {
			const position = stageAt(this.shape.stages, elapsedMs);
			if (position === null) return this.end();
			this.lastTarget = position.users;
			return { kind: 'target', users: position.users, spawnRate: position.spawnRate };
		}
		let result: unknown;
		try {
			result = this.shape.tick({ elapsed: elapsedMs / 1000, users: live.users, stats: live.stats });
		} catch (error) {
			return { kind: 'hold', error: `the shape's tick threw: ${error instanceof Error ? error.message : String(error)}` };
		}
		const checked = checkTickResult(result, live.users);
		if (checked === null) return this.end();
		if (typeof checked === 'string') return { kind: 'hold', error: checked };
		this.lastTarget = checked.users;
		return { kind: 'target', ...checked };
	}

	/** Where the shape stands at `now`; null once it has ended. */
	progress(now: number): ShapeProgress | null {
		if (this.ended) return null;
		const elapsedMs = this.elapsedMs(now);
		if (this.shape.kind === 'tick') return { kind: 'tick', paused: this.paused, elapsedMs, target: this.lastTarget };
		const position = stageAt(this.shape.stages, elapsedMs);
		if (position === null) return null;
		return {
			kind: 'stages',
			paused: this.paused,
			stage: position.index + 1,
			stageCount: position.count,
			leftMs: position.totalLeftMs,
			stageLeftMs: position.stageLeftMs,
			durationMs: stagesDurationMs(this.shape.stages),
			target: position.users,
			nextUsers: position.nextUsers,
		};
	}

	/** ms the shape lasts, for stages; undefined for a tick (it decides as it goes). */
	get durationMs(): number | undefined {
		return this.shape.kind === 'stages' ? stagesDurationMs(this.shape.stages) : undefined;
	}

	private end(): ShapeStep {
		this.ended = true;
		return { kind: 'end' };
	}
}

/** Seconds as the header counts them: a part-second left shows as the next whole second. */
const wholeSeconds = (ms: number): number => Math.ceil(ms / 1000) * 1000;

/**
 * The header text for a shape's progress, what a k6 user reads in its progress bar:
 * `stage 2/3 → 8 users, 21s left · next 0 users · 31s of 1m20s left` (the stage's target and
 * time, what comes next, the whole shape's time); `tick at 45s · target 10 users`; with
 * `manual: shape paused, g resumes` while a ramp key holds it.
 */
export function formatShapeProgress(progress: ShapeProgress, formatElapsed: (ms: number) => string): string {
	const parts: string[] = [];
	if (progress.kind === 'stages') {
		parts.push(`stage ${progress.stage}/${progress.stageCount} → ${progress.target} users, ${formatElapsed(wholeSeconds(progress.stageLeftMs))} left`);
		if (progress.nextUsers === null) parts.push('last stage');
		else parts.push(`next ${progress.nextUsers} users`, `${formatElapsed(wholeSeconds(progress.leftMs))} of ${formatElapsed(progress.durationMs)} left`);
	} else {
		parts.push(`tick at ${formatElapsed(progress.elapsedMs)}`);
		if (progress.target !== null) parts.push(`target ${progress.target} users`);
	}
	if (progress.paused) parts.push('manual: shape paused, g resumes');
	return parts.join(' · ');
}

/** Targets an outline lists before it says `…`. */
const OUTLINE_TARGETS = 5;

/**
 * What a shape will do, before it runs and after it ended: `3 stages in 1m20s: 4 → 8 → 0 users`;
 * `the plan's tick decides the users` for a tick shape (it decides as it goes).
 */
export function formatShapeOutline(shape: LoadShape, formatElapsed: (ms: number) => string): string {
	if (shape.kind === 'tick') return "the plan's tick decides the users";
	const targets = shape.stages.map((stage) => String(stage.users));
	const shown = targets.length > OUTLINE_TARGETS ? [...targets.slice(0, OUTLINE_TARGETS), '…'] : targets;
	const count = shape.stages.length;
	return `${count} stage${count === 1 ? '' : 's'} in ${formatElapsed(stagesDurationMs(shape.stages))}: ${shown.join(' → ')} users`;
}
