/**
 * `--metrics-port` on the master: the metrics server fed from the running master. Each scrape
 * takes one snapshot and sets the Prometheus metrics from it; `/stats` is the `--json` document
 * as it would be if the run ended now, its `stopReason` the live state (see liveState).
 *
 * The run's thresholds are judged on each scrape's own snapshot (evaluateThresholds, the
 * function the RunDirector's live verdicts and the final verdict use): `drove_threshold_passing`
 * agrees with the `drove_requests_total` beside it, shows from the first scrape, and after the
 * stop equals the final report's verdict (the director stops judging when the users stop).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.ts';
import type { MasterRuntime } from '../master/master-runtime.ts';
import { runningUsers } from '../master/master-state.ts';
import { metricsNeedToken, startMetricsServer } from '../metrics/metrics-server.ts';
import type { MetricsServer } from '../metrics/metrics-server.ts';
import { PrometheusMetrics } from '../metrics/prometheus.ts';
import { thresholdVerdict } from '../report/json-summary.ts';
import { ExitCode } from '../errors.ts';
import type { StatsSnapshot } from '../stats/snapshot.ts';
import { allPassed, evaluateThresholds, type ThresholdResult } from '../thresholds/evaluate-thresholds.ts';
import type { Threshold } from '../thresholds/parse-threshold.ts';
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
	/** The run's thresholds (the plan's and --threshold's), judged on every scrape; none: no threshold metrics. */
	thresholds?: readonly Threshold[];
}

/** The verdicts on `snapshot`; undefined when the run has no thresholds (the documents then leave them out). */
function judged(thresholds: readonly Threshold[] | undefined, snapshot: StatsSnapshot): ThresholdResult[] | undefined {
	return thresholds === undefined || thresholds.length === 0 ? undefined : evaluateThresholds(thresholds, snapshot);
}

/** One scrape: the metrics set from the master as it is now, and their exposition text. */
export async function scrapeMaster(prometheus: PrometheusMetrics, master: MasterRuntime, thresholds?: readonly Threshold[]): Promise<{ text: string; contentType: string }> {
	const state = master.getState();
	const snapshot = master.snapshot();
	const verdicts = judged(thresholds, snapshot);
	prometheus.update({ snapshot, users: runningUsers(state), targetUsers: state.targetUsers, workers: workerRows(state, snapshot), ...(verdicts ? { thresholds: verdicts.map(thresholdVerdict) } : {}) });
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
		metrics: () => scrapeMaster(prometheus, master, run.thresholds),
		stats: () => {
			const state = master.getState();
			const snapshot = master.snapshot();
			const now = Date.now();
			const thresholds = judged(run.thresholds, snapshot);
			return summaryDocument({
				config,
				state,
				snapshot,
				startedAt: run.startedAt() ?? now,
				endedAt: now,
				peakUsers: Math.max(run.peakUsers(), runningUsers(state)),
				stopReason: liveState(state.runState),
				// As if the run ended now: a threshold failing now would make it 4.
				exitCode: runExitCode({ snapshot, reason: 'run-time', exitCodeOnError: config.exitCodeOnError, verdicts: thresholds && !allPassed(thresholds) ? [ExitCode.threshold] : [] }),
				record: { history: master.aggregator.history(), workerHistory: master.aggregator.workerHistory() },
				...(thresholds ? { thresholds } : {}),
			});
		},
	});
	const tokenNote = !needsToken ? '' : generated ? ` (token generated for this run: ${token})` : ' (send the run\'s token: Authorization: Bearer TOKEN)';
	say(`metrics at ${server.url}/metrics, live stats at ${server.url}/stats${tokenNote}`);
	return server;
}
