/**
 * The master's live figures as Prometheus metrics, with prom-client (the format's maintained
 * Node library: exposition text, escaping, metric types). `update(view)` sets every metric
 * from one consistent view just before a scrape is answered, so a scrape never mixes two
 * instants; series that are gone (a stats reset, a worker that left) disappear with it.
 *
 * Label values come from the stats snapshot, which already caps distinct request names
 * (LIMITS.endpoints in stats/aggregator.ts folds the rest into one "(other names: ...)" row), so
 * a plan that puts ids in URLs cannot blow up the label cardinality. The total row is there too,
 * as in the reports: `method=""`, `name="Aggregated"`; leave it out when summing.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { ThresholdResult } from '../report/json-summary.ts';
import type { WorkerReportRow } from '../report/worker-report.ts';
import type { EndpointStats, StatsSnapshot } from '../stats/snapshot.ts';

/** What one scrape shows. */
export interface MetricsView {
	snapshot: StatsSnapshot;
	/** Users running now, fleet-wide. */
	users: number;
	targetUsers: number;
	/** Every worker the master knows, with its state, users, CPU and stats. */
	workers: readonly WorkerReportRow[];
	/** Live verdicts, when the run has thresholds. */
	thresholds?: readonly ThresholdResult[];
}

/** The quantiles `drove_response_time_seconds` exposes, from the live 10 s window. */
export const QUANTILES = [
	['0.5', '50'],
	['0.95', '95'],
	['0.99', '99'],
] as const;

/** Prometheus metrics for one master. */
export class PrometheusMetrics {
	readonly registry = new Registry();
	private readonly users: Gauge;
	private readonly targetUsers: Gauge;
	private readonly workerCount: Gauge;
	private readonly requests: Counter;
	private readonly failures: Counter;
	private readonly responseTime: Gauge;
	private readonly rps: Gauge;
	private readonly workerUsers: Gauge;
	private readonly workerCpu: Gauge;
	private readonly workerRequests: Counter;
	private readonly thresholdPassing: Gauge;

	constructor() {
		const registers = [this.registry];
		const endpoint = ['method', 'name'];
		this.users = new Gauge({ name: 'drove_users', help: 'Users running now, all workers together.', registers });
		this.targetUsers = new Gauge({ name: 'drove_target_users', help: 'Users asked for.', registers });
		this.workerCount = new Gauge({ name: 'drove_workers', help: 'Workers the master knows, by state.', labelNames: ['state'], registers });
		this.requests = new Counter({ name: 'drove_requests_total', help: 'Requests completed since the run (or the last stats reset) started.', labelNames: endpoint, registers });
		this.failures = new Counter({ name: 'drove_failures_total', help: 'Failed requests since the run (or the last stats reset) started.', labelNames: endpoint, registers });
		this.responseTime = new Gauge({ name: 'drove_response_time_seconds', help: 'Response time quantiles over the last 10 s (merged histograms of all workers).', labelNames: [...endpoint, 'quantile'], registers });
		this.rps = new Gauge({ name: 'drove_requests_per_second', help: 'Requests per second over the last 10 s.', labelNames: endpoint, registers });
		this.workerUsers = new Gauge({ name: 'drove_worker_users', help: 'Users running on a worker.', labelNames: ['worker'], registers });
		this.workerCpu = new Gauge({ name: 'drove_worker_cpu_percent', help: "A worker's last reported CPU use, percent of one core.", labelNames: ['worker'], registers });
		this.workerRequests = new Counter({ name: 'drove_worker_requests_total', help: 'Requests a worker completed.', labelNames: ['worker'], registers });
		this.thresholdPassing = new Gauge({ name: 'drove_threshold_passing', help: '1 while a threshold passes, 0 while it fails.', labelNames: ['threshold'], registers });
	}

	/** Sets every metric from `view`, dropping series that are no longer in it. */
	update(view: MetricsView): void {
		for (const metric of [this.workerCount, this.requests, this.failures, this.responseTime, this.rps, this.workerUsers, this.workerCpu, this.workerRequests, this.thresholdPassing]) metric.reset();
		this.users.set(view.users);
		this.targetUsers.set(view.targetUsers);
		const states = new Map<string, number>();
		for (const w of view.workers) states.set(w.state, (states.get(w.state) ?? 0) + 1);
		for (const [state, count] of states) this.workerCount.set({ state }, count);
		for (const e of [...view.snapshot.endpoints, view.snapshot.aggregated]) this.setEndpoint(e);
		for (const w of view.workers) {
			this.workerUsers.set({ worker: w.id }, w.users);
			if (w.cpuPercent !== null) this.workerCpu.set({ worker: w.id }, w.cpuPercent);
			this.workerRequests.inc({ worker: w.id }, w.stats?.requests ?? 0);
		}
		for (const t of view.thresholds ?? []) this.thresholdPassing.set({ threshold: t.expression }, t.ok ? 1 : 0);
	}

	/** The exposition text of the last update. */
	text(): Promise<string> {
		return this.registry.metrics();
	}

	/** The Content-Type of `text()`. */
	get contentType(): string {
		return this.registry.contentType;
	}

	private setEndpoint(e: EndpointStats): void {
		const labels = { method: e.method, name: e.name };
		this.requests.inc(labels, e.requests);
		this.failures.inc(labels, e.failures);
		this.rps.set(labels, e.currentRps);
		for (const [quantile, key] of QUANTILES) this.responseTime.set({ ...labels, quantile }, e.currentPercentiles[key] / 1000);
	}
}
