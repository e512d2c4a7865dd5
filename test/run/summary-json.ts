/**
 * The parts of the `--json` summary the shape, threshold and lifecycle CLI tests read.
 */

export interface Summary {
	run: { stopReason: string; stopDetail: string | null; shape: string | null; exitCode: number; durationSeconds: number };
	aggregated: { requests: number };
	thresholds: Array<{ expression: string; ok: boolean; value: number | null; problem: string | null }>;
	timeline: Array<{ second: number; users: number; targetUsers: number; rps: number }>;
}

export const parseSummary = (stdout: string): Summary => JSON.parse(stdout) as Summary;
