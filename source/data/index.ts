/**
 * Data for plans: a disjoint share of a data set per worker, a row per user, CSV files.
 * The plan API re-exports these from the package entry (`source/index.ts`).
 */
export { partition, shareSize, checkWorkerSlot, soleWorker } from './partition.ts';
export type { WorkerSlot } from '../plan/context.ts';
export { Dataset, dataset } from './dataset.ts';
export type { DataContext, DatasetOptions, RowSource } from './dataset.ts';
export { DataExhaustedError } from './data-exhausted-error.ts';
export { parseCsv, CsvError } from './csv-parse.ts';
export type { CsvOptions } from './csv-parse.ts';
export { readCsv, readCsvSync, csvDataset } from './read-csv.ts';
export type { CsvPath, ReadCsvOptions, CsvDatasetOptions } from './read-csv.ts';
