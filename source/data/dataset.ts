/**
 * A data set a plan shares out: each worker owns a disjoint share of the rows (see
 * `partition.ts`), and within a worker a cursor hands each row out once, so no two users
 * anywhere in the fleet get the same row unless the plan asks for `cycle`.
 *
 * In a plan:
 * ```ts
 * const accounts = csvDataset('fixtures/accounts.csv');   // read on a worker's first take
 * const searches = dataset(['shoes', 'hats', 'socks'], { cycle: true });
 * // in onStart: one account for the user's whole life
 * const account = accounts.forUser(ctx);
 * // in a task: a fresh row on every call
 * const term = searches.take(ctx);
 * ```
 * `ctx` is anything with the worker's `{ index, count }` (and, for `forUser`, the user's id):
 * the task context the engine passes in. Pure apart from the optional loader it is given.
 */
import { DroveError } from '../errors.ts';
import { checkOptions } from '../plan/check-options.ts';
import { DataExhaustedError } from './data-exhausted-error.ts';
import { checkWorkerSlot, partition } from './partition.ts';
import type { WorkerSlot } from '../plan/context.ts';

/** What a dataset needs from the caller: where the worker sits, and who is asking. */
export interface DataContext {
	/** The worker's place in the fleet, as the master assigned it. */
	readonly worker: WorkerSlot;
	/** The simulated user's id, unique on this worker; needed by `forUser` only. */
	readonly userId?: number | string;
}

/** How a dataset hands out its rows. */
export interface DatasetOptions {
	/**
	 * Start over at the first row of the worker's share once every row is used, instead of
	 * throwing DataExhaustedError. Rows still never cross from one worker's share to another's.
	 * Default false.
	 */
	readonly cycle?: boolean;
	/** Shown in errors; `csvDataset` uses the file path. Default "dataset". */
	readonly name?: string;
}

/** The rows, or a function that loads them on a worker's first take (a file read, say). */
export type RowSource<T> = readonly T[] | (() => readonly T[]);

/**
 * A data set shared out across workers and users. Make one at the top of a plan; the share is
 * chosen on the first `take` from the worker slot in the context.
 *
 * The share is bound once: if a later context reports another slot (the fleet grew or shrank)
 * the dataset keeps the first share, because re-splitting mid-run would hand this worker's users
 * rows they have already used. Disjointness across workers therefore holds while the fleet is
 * steady; start users only when every worker is there (`--expect-workers`).
 */
export class Dataset<T> {
	/** Name used in error messages. */
	readonly name: string;
	/** Whether the cursor wraps around instead of running out. */
	readonly cycle: boolean;
	private readonly source: RowSource<T>;
	private rows: readonly T[] | undefined;
	private slot: WorkerSlot | undefined;
	private share: T[] = [];
	/** Rows handed out so far on this worker; with `cycle` it keeps counting past the share. */
	private taken = 0;
	private readonly perUser = new Map<number | string, T>();

	constructor(source: RowSource<T>, options: DatasetOptions = {}) {
		checkOptions('dataset()', options, ['cycle', 'name']);
		if (typeof source !== 'function' && !Array.isArray(source)) throw new TypeError('dataset(): expected an array of rows or a function that returns one');
		this.source = source;
		this.cycle = options.cycle ?? false;
		this.name = options.name ?? 'dataset';
	}

	/**
	 * The next unused row of this worker's share; every call takes a new one.
	 * @throws DataExhaustedError when the share is used up and `cycle` is off, or the share is empty.
	 */
	take(ctx: DataContext): T {
		const share = this.bind(ctx);
		if (share.length === 0 || (!this.cycle && this.taken >= share.length)) {
			throw new DataExhaustedError(this.name, this.slot ?? ctx.worker, share.length, this.all().length);
		}
		const row = share[this.taken % share.length] as T;
		this.taken += 1;
		return row;
	}

	/** Like `take`, but undefined instead of throwing when no row is left. */
	tryTake(ctx: DataContext): T | undefined {
		const share = this.bind(ctx);
		if (share.length === 0 || (!this.cycle && this.taken >= share.length)) return undefined;
		return this.take(ctx);
	}

	/**
	 * The row that belongs to this user: the first call for a `userId` takes a new row, later
	 * calls return the same one. For things a user keeps, such as a login.
	 * @throws DroveError `DATA_NO_USER_ID` when the context has no userId.
	 * @throws DataExhaustedError as `take` does.
	 */
	forUser(ctx: DataContext): T {
		if (ctx.userId === undefined) {
			throw new DroveError('DATA_NO_USER_ID', `dataset "${this.name}": forUser needs a context with a userId; pass the task context`);
		}
		if (this.perUser.has(ctx.userId)) return this.perUser.get(ctx.userId) as T;
		const row = this.take(ctx);
		this.perUser.set(ctx.userId, row);
		return row;
	}

	/** Rows this worker can still take before running out: Infinity when cycling a non-empty share. */
	remaining(ctx: DataContext): number {
		const share = this.bind(ctx);
		if (this.cycle && share.length > 0) return Number.POSITIVE_INFINITY;
		return Math.max(0, share.length - this.taken);
	}

	/** This worker's share (a copy), binding it first if need be. */
	rowsFor(ctx: DataContext): T[] {
		return [...this.bind(ctx)];
	}

	/** The slot the share was bound to, or undefined before the first take. */
	get boundWorker(): WorkerSlot | undefined {
		return this.slot;
	}

	private all(): readonly T[] {
		if (this.rows === undefined) this.rows = typeof this.source === 'function' ? this.source() : this.source;
		return this.rows;
	}

	private bind(ctx: DataContext): T[] {
		if (this.slot === undefined) {
			checkWorkerSlot(ctx.worker);
			this.share = partition(this.all(), ctx.worker);
			this.slot = { index: ctx.worker.index, count: ctx.worker.count };
		}
		return this.share;
	}
}

/**
 * A dataset over an array (or a function that returns one, called on first use).
 * @example const ids = dataset(range(1, 10_000)); ... ids.take(ctx)
 */
export function dataset<T>(rows: RowSource<T>, options?: DatasetOptions): Dataset<T> {
	return new Dataset(rows, options);
}
