/**
 * The arithmetic of stages (pure): which stage a run is in at an elapsed time, the target and
 * spawn rate it asks for, how long is left, and where an ideal ramp would stand.
 *
 * A stage's default spawn rate is the one that moves the count from the previous stage's
 * target (0 before the first) to its own exactly at its end: |users - previous| / seconds.
 * A stage that holds the count keeps the previous stage's rate (1 for the first), so a ramp
 * an explicit slow rate left unfinished keeps going at that rate.
 */
import type { ResolvedStage } from '../plan/shape.ts';

/** Where a run stands in its stages. */
export interface StagePosition {
	/** 0-based stage index. */
	index: number;
	/** How many stages there are. */
	count: number;
	/** The target this stage moves to. */
	users: number;
	/** Users per second, fleet-wide. */
	spawnRate: number;
	/** ms until this stage ends. */
	stageLeftMs: number;
	/** ms until the last stage ends. */
	totalLeftMs: number;
	/** The next stage's target; null in the last stage. */
	nextUsers: number | null;
}

/** ms the stages last in all. */
export function stagesDurationMs(stages: readonly ResolvedStage[]): number {
	return stages.reduce((sum, stage) => sum + stage.durationMs, 0);
}

/** The spawn rate stage `index` asks for (users/s, > 0). */
export function stageRate(stages: readonly ResolvedStage[], index: number): number {
	const stage = stages[index];
	if (stage === undefined) throw new RangeError(`no stage ${index}`);
	if (stage.spawnRate !== undefined) return stage.spawnRate;
	const previous = index === 0 ? 0 : stages[index - 1]!.users;
	const change = Math.abs(stage.users - previous);
	if (change > 0) return change / (stage.durationMs / 1000);
	return index === 0 ? 1 : stageRate(stages, index - 1);
}

/** The stage at `elapsedMs` (a stage's end belongs to the next one), or null once the last stage is over. */
export function stageAt(stages: readonly ResolvedStage[], elapsedMs: number): StagePosition | null {
	const total = stagesDurationMs(stages);
	if (!(elapsedMs < total)) return null;
	let start = 0;
	for (const [index, stage] of stages.entries()) {
		const end = start + stage.durationMs;
		if (elapsedMs < end) {
			return {
				index,
				count: stages.length,
				users: stage.users,
				spawnRate: stageRate(stages, index),
				stageLeftMs: end - Math.max(0, elapsedMs),
				totalLeftMs: total - Math.max(0, elapsedMs),
				nextUsers: stages[index + 1]?.users ?? null,
			};
		}
		start = end;
	}
	return null;
}

/**
 * Users an ideal ramp runs at `elapsedMs`: each stage moves from where the last one left off
 * toward its target at its rate (continuous, not rounded). For plots and tests.
 */
export function idealUsers(stages: readonly ResolvedStage[], elapsedMs: number): number {
	let level = 0;
	let start = 0;
	for (const [index, stage] of stages.entries()) {
		const spent = Math.min(stage.durationMs, Math.max(0, elapsedMs - start)) / 1000;
		const step = stageRate(stages, index) * spent;
		level = stage.users >= level ? Math.min(stage.users, level + step) : Math.max(stage.users, level - step);
		start += stage.durationMs;
		if (elapsedMs <= start) break;
	}
	return level;
}
