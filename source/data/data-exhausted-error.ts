/**
 * Thrown when a worker has handed out every row of its share and the data set does not cycle.
 * Thrown from a task (or onStart), it is recorded by the engine like any exception a task throws:
 * counted in the run's exceptions and failures, with this one line as its message.
 */
import { DroveError, ExitCode } from '../errors.ts';
import type { WorkerSlot } from '../plan/context.ts';

/** No row left for this worker: its share is used up (or was empty) and `cycle` is off. */
export class DataExhaustedError extends DroveError {
	/** The data set's name, as given to `dataset()` or the CSV path. */
	readonly dataset: string;
	/** The slot whose share ran out. */
	readonly worker: WorkerSlot;

	/**
	 * @param dataset The data set's name.
	 * @param worker The slot whose share ran out.
	 * @param shareRows Rows in that worker's share.
	 * @param totalRows Rows in the whole data set.
	 * A cycling data set runs out only when its share is empty.
	 */
	constructor(dataset: string, worker: WorkerSlot, shareRows: number, totalRows: number) {
		const who = `dataset "${dataset}": worker ${worker.index} of ${worker.count}`;
		const message =
			shareRows === 0
				? `${who} has no rows (${totalRows} in all, fewer than the workers); add rows or run fewer workers`
				: `${who} has used all ${shareRows} of its rows (${totalRows} in all); add rows, run fewer users, or pass { cycle: true } to reuse them`;
		super('DATA_EXHAUSTED', message, ExitCode.failures);
		this.name = 'DataExhaustedError';
		this.dataset = dataset;
		this.worker = worker;
	}
}
