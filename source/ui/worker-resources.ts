/**
 * Each worker's CPU and memory over time, for the drill-down's sparklines. The master's state
 * holds only a worker's last heartbeat; this keeps the last `capacity` of them, one sample per
 * heartbeat (a heartbeat seen twice, between two pulls of the model, counts once).
 */
import type { WorkerView } from '../master/master-state.ts';

interface Samples {
	lastBeatAt: number;
	cpuPercent: number[];
	rssBytes: number[];
}

/** A bounded CPU/memory history per worker. */
export class WorkerResources {
	private readonly byId = new Map<string, Samples>();

	constructor(private readonly capacity = 120) {}

	/** Take each worker's heartbeat figures, if it beat since the last call. */
	observe(workers: Readonly<Record<string, WorkerView>>): void {
		for (const worker of Object.values(workers)) {
			let samples = this.byId.get(worker.id);
			if (samples === undefined) {
				samples = { lastBeatAt: Number.NaN, cpuPercent: [], rssBytes: [] };
				this.byId.set(worker.id, samples);
			}
			// Before its first heartbeat a worker's figures are zeros, not measurements.
			if (samples.lastBeatAt === worker.lastHeartbeatAt || worker.rssBytes === 0) continue;
			samples.lastBeatAt = worker.lastHeartbeatAt;
			samples.cpuPercent.push(worker.cpuPercent);
			samples.rssBytes.push(worker.rssBytes);
			if (samples.cpuPercent.length > this.capacity) {
				samples.cpuPercent.shift();
				samples.rssBytes.shift();
			}
		}
	}

	/** One worker's samples, oldest first (empty arrays for one never seen). */
	of(id: string): { cpuPercent: number[]; rssBytes: number[] } {
		const samples = this.byId.get(id);
		return samples === undefined ? { cpuPercent: [], rssBytes: [] } : { cpuPercent: [...samples.cpuPercent], rssBytes: [...samples.rssBytes] };
	}
}
