/**
 * `--stages 30s:10,2m:100@20,30s:0`: stages on the command line, DURATION:USERS[@RATE] each,
 * comma-separated. Pure; a problem comes back as one phrase for the flag's error line.
 */
import { parseDuration } from '../config/parse-duration.ts';
import type { ResolvedStage } from '../plan/shape.ts';

/** What the value must look like, for error lines. */
export const STAGES_EXPECTED = 'DURATION:USERS[@RATE],... like 30s:10,2m:100@20,30s:0';

const STAGE = /^([^:@]+):([^:@]+)(?:@([^:@]+))?$/;

/** Stages from the flag's text, or the problem phrase. */
export function parseStages(text: string): ResolvedStage[] | string {
	const parts = text.split(',').map((part) => part.trim());
	if (parts.length === 0 || parts.every((part) => part === '')) return `must be ${STAGES_EXPECTED}, got "${text}"`;
	const stages: ResolvedStage[] = [];
	for (const [i, part] of parts.entries()) {
		const where = `stage ${i + 1} "${part}"`;
		const match = STAGE.exec(part);
		if (!match) return `${where}: must be DURATION:USERS[@RATE], like 2m:100@20`;
		const [, durationText, usersText, rateText] = match;
		const durationMs = parseDuration(durationText!);
		if (durationMs === undefined || durationMs <= 0) return `${where}: "${durationText!.trim()}" is not a duration longer than 0s, like 30s, 2m or 1h30m`;
		const users = Number(usersText!.trim());
		if (!/^\d+$/.test(usersText!.trim()) || !Number.isSafeInteger(users)) return `${where}: users must be a whole number >= 0, got "${usersText!.trim()}"`;
		let spawnRate: number | undefined;
		if (rateText !== undefined) {
			spawnRate = Number(rateText.trim());
			if (!/^\d+(?:\.\d+)?$/.test(rateText.trim()) || !(spawnRate > 0)) return `${where}: the rate after @ must be a number > 0, got "${rateText.trim()}"`;
		}
		stages.push({ durationMs, users, ...(spawnRate !== undefined && { spawnRate }) });
	}
	return stages;
}
