/**
 * CSV files from disk: the I/O edge around `csv-parse.ts`, and the dataset a plan makes from one.
 *
 * A relative path is resolved against the process's working directory, like every path on
 * Drove's command line. A plan that wants a path next to itself passes
 * `new URL('./users.csv', import.meta.url)`. The file is read on the machine that takes the
 * rows (a worker), so it must be there: a worker that runs the master's shipped plan gets the
 * plan's code, not the files it reads.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DroveError } from '../errors.ts';
import { checkOptions } from '../plan/check-options.ts';
import { parseCsv } from './csv-parse.ts';
import type { CsvOptions } from './csv-parse.ts';
import { Dataset } from './dataset.ts';
import type { DatasetOptions } from './dataset.ts';

/** A file path, or a `file:` URL such as `new URL('./users.csv', import.meta.url)`. */
export type CsvPath = string | URL;

/** Options for reading a CSV file: the parser's, less the source name (the path is used). */
export type ReadCsvOptions = Omit<CsvOptions, 'source'>;

function displayPath(path: CsvPath): string {
	return typeof path === 'string' ? path : fileURLToPath(path);
}

function readError(path: CsvPath, cause: unknown): DroveError {
	const code = (cause as NodeJS.ErrnoException).code;
	const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((cause as Error).message ?? cause);
	return new DroveError('DATA_FILE', `cannot read CSV file ${displayPath(path)}: ${why}`, undefined, { cause });
}

const readCsvOptionNames = ['header', 'delimiter'] as const satisfies readonly (keyof ReadCsvOptions)[];

/** Reads and parses a CSV file whose first record names the columns. */
export async function readCsv<R extends Record<string, string> = Record<string, string>>(path: CsvPath, options?: ReadCsvOptions & { readonly header?: true }): Promise<R[]>;
/** Reads and parses a CSV file with no header, as arrays of fields. */
export async function readCsv(path: CsvPath, options: ReadCsvOptions & { readonly header: false }): Promise<string[][]>;
/**
 * Reads a CSV file (UTF-8) and parses it.
 * @throws DroveError `DATA_FILE` when the file cannot be read; CsvError when it is malformed.
 */
export async function readCsv(path: CsvPath, options: ReadCsvOptions = {}): Promise<string[][] | Record<string, string>[]> {
	checkOptions('readCsv()', options, readCsvOptionNames);
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw readError(path, error);
	}
	return parseCsv(text, { ...options, source: displayPath(path) });
}

/** `readCsv`, blocking: for a dataset's first take, which must return a row at once. */
export function readCsvSync<R extends Record<string, string> = Record<string, string>>(path: CsvPath, options?: ReadCsvOptions & { readonly header?: true }): R[];
export function readCsvSync(path: CsvPath, options: ReadCsvOptions & { readonly header: false }): string[][];
export function readCsvSync(path: CsvPath, options: ReadCsvOptions = {}): string[][] | Record<string, string>[] {
	checkOptions('readCsvSync()', options, readCsvOptionNames);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw readError(path, error);
	}
	return parseCsv(text, { ...options, source: displayPath(path) });
}

/** Options of a CSV-backed dataset (always with a header: rows are objects). */
export type CsvDatasetOptions = Omit<ReadCsvOptions, 'header'> & Omit<DatasetOptions, 'name'>;

/**
 * A dataset of a CSV file's rows (one object per row, keyed by the header). The file is read
 * on the first take, not when the plan loads: the master loads the plan too but takes no rows,
 * so it needs no copy of the file.
 * @example const accounts = csvDataset('data/accounts.csv'); ... accounts.forUser(ctx).email
 */
export function csvDataset<R extends Record<string, string> = Record<string, string>>(path: CsvPath, options: CsvDatasetOptions = {}): Dataset<R> {
	checkOptions('csvDataset()', options, ['cycle', 'delimiter']);
	const { cycle, delimiter } = options;
	return new Dataset<R>(() => readCsvSync<R>(path, { delimiter }), { cycle, name: displayPath(path) });
}
