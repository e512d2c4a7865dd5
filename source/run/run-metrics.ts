/**
 * `--metrics-port` on the master: the metrics server fed from the running master. Each scrape
 * takes one snapshot and sets the Prometheus metrics from it; `/stats` is the `--json` document
 * as it would be if the run ended now, its `stopReason` the live state (see liveState).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.ts';
import type { MasterRuntime } from '../master/master-runtime.ts';
import { runningUsers } from '../master/master-state.ts';
import { metricsNeedToken, startMetricsServer } from '../metrics/metrics-server.ts';
import type { MetricsServer } from '../metrics/metrics-server.ts';
import { PrometheusMetrics } from '../metrics/prometheus.ts';
import { thresholdVerdict } from '../report/json-summary.ts';
import type { ThresholdResult } from '../thresholds/evaluate-thresholds.ts';
import { summaryDocument, workerRows } from './final-reports.ts';
import { runExitCode } from './run-outcome.ts';

/** `/stats`'s stopReason: `running` while the load runs (or ramps), else the master's run state (`stopped` once the totals are final). */
export function liveState(runState: string): string {
	return runState === 'spawning' ? 'running' : runState;
}

/** What the run knows that the master does not. */
export interface LiveRun {
	/** Epoch ms the load started; null before. */
	startedAt(): number | null;
	peakUsers(): number;
	/** Live threshold verdicts (the RunDirector's), when the run has thresholds. */
	thresholds?(): readonly ThresholdResult[];
}

/** One scrape: the metrics set from the master as it is now, and their exposition text. */
export async function scrapeMaster(prometheus: PrometheusMetrics, master: MasterRuntime, thresholds?: readonly ThresholdResult[]): Promise<{ text: string; contentType: string }> {
	const state = master.getState();
	const snapshot = master.snapshot();
	prometheus.update({ snapshot, users: runningUsers(state), targetUsers: state.targetUsers, workers: workerRows(state, snapshot), ...(thresholds ? { thresholds: thresholds.map(thresholdVerdict) } : {}) });
	return { text: await prometheus.text(), contentType: prometheus.contentType };
}

/**
 * Starts the server when `--metrics-port` is set (else resolves to undefined) and says where
 * with `say` (stderr headless, the Log view under the dashboard), with the token when it made one up.
 */
export async function startRunMetrics(config: Config, master: MasterRuntime, run: LiveRun, say: (line: string) => void): Promise<MetricsServer | undefined> {
	if (config.metricsPort === undefined) return undefined;
	const needsToken = metricsNeedToken(config.metricsHost);
	const generated = needsToken && master.token === undefined;
	const token = needsToken ? (master.token ?? randomBytes(18).toString('base64url')) : undefined;
	const prometheus = new PrometheusMetrics();
	const server = await startMetricsServer({
		host: config.metricsHost,
		port: config.metricsPort,
		token,
		metrics: () => scrapeMaster(prometheus, master, run.thresholds?.()),
		stats: () => {
			const state = master.getState();
			const snapshot = master.snapshot();
			const now = Date.now();
			const thresholds = run.thresholds?.();
			return summaryDocument({
				config,
				state,
				snapshot,
				startedAt: run.startedAt() ?? now,
				endedAt: now,
				peakUsers: Math.max(run.peakUsers(), runningUsers(state)),
				stopReason: liveState(state.runState),
				exitCode: runExitCode({ snapshot, reason: 'run-time', exitCodeOnError: config.exitCodeOnError }),
				record: { history: master.aggregator.history(), workerHistory: master.aggregator.workerHistory() },
				...(thresholds ? { thresholds } : {}),
			});
		},
	});
	const tokenNote = !needsToken ? '' : generated ? ` (token generated for this run: ${token})` : ' (send the run\'s token: Authorization: Bearer TOKEN)';
	say(`metrics at ${server.url}/metrics, live stats at ${server.url}/stats${tokenNote}`);
	return server;
}
