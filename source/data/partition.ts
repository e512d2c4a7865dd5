/**
 * How a data set is split across the workers of a fleet. Pure: no I/O, no clock.
 *
 * The split is strided (round robin): worker `index` of `count` owns the rows whose position
 * `i` satisfies `i % count === index`. Chosen over contiguous blocks because:
 * - the rule is one line that anyone can check by hand, with no rounding to get wrong;
 * - shares differ in size by at most one row (7 rows, 3 workers: 3, 2, 2);
 * - each worker's share samples the whole file, so a file sorted by something that matters
 *   (account age, region, tenant) does not hand one worker all the old accounts;
 * - a worker that has taken k rows has used rows below about k * count, so the rows in use
 *   across the fleet stay near the top of the file at every moment.
 */
import { DroveError } from '../errors.ts';
import type { WorkerSlot } from '../plan/context.ts';

/** The slot of a process that is the whole fleet (a local run, a unit test). */
export const soleWorker: WorkerSlot = Object.freeze({ index: 0, count: 1 });

/**
 * Checks a slot, so a wrong one fails loudly instead of silently sharing rows.
 * @throws DroveError `DATA_WORKER_SLOT` when index or count is not a sane integer.
 */
export function checkWorkerSlot(worker: WorkerSlot): void {
	const { index, count } = worker;
	if (!Number.isSafeInteger(count) || count < 1) {
		throw new DroveError('DATA_WORKER_SLOT', `worker count must be a whole number of 1 or more, got ${String(count)}`);
	}
	if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
		throw new DroveError(
			'DATA_WORKER_SLOT',
			`worker index must be a whole number from 0 to ${count - 1}, got ${String(index)}`,
		);
	}
}

/**
 * The rows a worker owns: those at positions `i` with `i % count === index`, in file order.
 * Over all `index` in `0..count-1` the shares are disjoint and together are the whole array.
 * @param rows The whole data set, the same on every worker.
 * @param worker This worker's slot.
 * @returns A new array (the input is not touched); empty when there are fewer rows than workers.
 */
export function partition<T>(rows: readonly T[], worker: WorkerSlot): T[] {
	checkWorkerSlot(worker);
	const share: T[] = [];
	for (let i = worker.index; i < rows.length; i += worker.count) share.push(rows[i] as T);
	return share;
}

/**
 * How many rows `partition(rows, worker)` returns, without building it.
 * @param total Rows in the whole data set.
 */
export function shareSize(total: number, worker: WorkerSlot): number {
	checkWorkerSlot(worker);
	return total > worker.index ? Math.ceil((total - worker.index) / worker.count) : 0;
}
