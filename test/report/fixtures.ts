// Builds realistic snapshots through the real Recorder and Aggregator, with a fixed clock.
import {Aggregator} from '../../source/stats/aggregator.ts';
import {Recorder} from '../../source/stats/recorder.ts';
import type {StatsSnapshot} from '../../source/stats/snapshot.ts';
import type {WorkerReportRow} from '../../source/report/worker-report.ts';
import {joinWorkers} from '../../source/report/worker-report.ts';
import {parse} from 'csv-parse/sync';
import type {RunInfo} from '../../source/report/json-summary.ts';

export const START = 1_700_000_000_000;

/** The run facts the report tests render with the sample run. */
export const RUN: RunInfo = {
	startedAt: START,
	endedAt: START + 20_000,
	host: 'http://127.0.0.1:8080',
	targetUsers: 10,
	peakUsers: 10,
	spawnRate: 5,
	exitCode: 1,
	stopReason: 'run-time',
	plan: 'plans/shop.ts',
};

/** Two workers, three endpoints (one with a comma and a quote in its name), failures and an exception. */
export function sampleRun(): {snapshot: StatsSnapshot; workers: WorkerReportRow[]; aggregator: Aggregator; clock: {t: number}} {
	const clock = {t: START};
	const aggregator = new Aggregator({now: () => clock.t});
	const a = new Recorder({now: () => clock.t});
	const b = new Recorder({now: () => clock.t});
	for (let s = 0; s < 20; s++) {
		aggregator.recordUsers(10);
		for (let i = 0; i < 50; i++) {
			a.request('GET', '/', 0.4 + (i % 10) * 0.01, 1024);
			b.request('GET', '/item/[id]', i % 10 === 0 ? 250 : 12.5, 2048, i === 0 ? 'HTTP 503: Service "Unavailable", retry' : undefined);
			if (i < 5) b.request('POST', '/login, then "home"', 33.3, 10);
		}
		if (s === 3) b.exception('TypeError: x is undefined', 'TypeError: x is undefined\n    at task (/plans/shop.ts:12:5)\n    at run (engine.ts:1:1)');
		clock.t += 1000;
		aggregator.apply('worker-a', a.takeDelta());
		aggregator.apply('worker-b', b.takeDelta());
	}
	const snapshot = aggregator.snapshot();
	const workers = joinWorkers(
		[
			{id: 'worker-a', state: 'running', users: 5, cpuPercent: 41.23, memoryMb: 88.4},
			{id: 'worker-b', state: 'running', users: 5, cpuPercent: null, memoryMb: null},
			{id: 'worker-c', state: 'missing', users: 0, cpuPercent: 3, memoryMb: 70},
		],
		snapshot.workers,
	);
	return {snapshot, workers, aggregator, clock};
}

/** Reads our own CSV back, with the library the data module uses. */
export function parseCsv(text: string): string[][] {
	return parse(text, {relax_column_count: true});
}
