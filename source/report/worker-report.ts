/**
 * What the reports know about a worker: the master's membership view (state, users, CPU,
 * memory: the caller supplies it) joined with the worker's stats from the aggregator.
 */
import type {WorkerStats} from '../stats/snapshot.ts';

/** The membership side of a worker, as the master runtime knows it. */
export interface WorkerMembership {
	id: string;
	/** e.g. `ready`, `running`, `stopped`, `missing`. */
	state: string;
	/** Running users. */
	users: number;
	/** Last reported CPU %, 0..100 (per core); null when never reported. */
	cpuPercent: number | null;
	/** Last reported RSS, MB; null when never reported. */
	memoryMb: number | null;
}

/** A worker as the reports show it: membership plus stats (null if it never sent a delta). */
export interface WorkerReportRow extends WorkerMembership {
	stats: WorkerStats | null;
}

/**
 * Join membership and stats by id. Every worker in either list gets a row (a worker with
 * stats but no membership entry shows state `gone`), sorted by id.
 */
export function joinWorkers(infos: readonly WorkerMembership[], stats: readonly WorkerStats[]): WorkerReportRow[] {
	const byId = new Map<string, WorkerReportRow>();
	for (const info of infos) byId.set(info.id, {...info, stats: null});
	for (const s of stats) {
		const row = byId.get(s.id);
		if (row) row.stats = s;
		else byId.set(s.id, {id: s.id, state: 'gone', users: 0, cpuPercent: null, memoryMb: null, stats: s});
	}
	return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
