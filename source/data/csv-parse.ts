/**
 * CSV text into rows, through the `csv-parse` library (the csv project's parser, beside the
 * csv-stringify the reports already use). This file keeps Drove's side of it: the options that
 * make the library read files the way Drove documents, the header checks, and the error shape
 * (one line with the source and the line number, a `CsvError` the CLI prints as it is).
 *
 * What it accepts:
 * - fields separated by a one-character delimiter (default `,`), records ended by CRLF, LF or CR;
 * - quoted fields (`"a, b"`) holding delimiters, line breaks and doubled quotes (`""` is `"`);
 * - a UTF-8 byte order mark at the start (dropped), a final line break or none;
 * - a stray quote is kept as a character (`5" disk`, `"x"y`), as most tools do.
 * What it refuses, with the line it happened on: a quoted field never closed, and (with a
 * header) a record whose field count differs from the header's, or a header naming a column twice.
 * Blank lines are skipped (a line holding only `""` is a record with one empty field).
 * Values stay strings: the plan knows which columns are numbers.
 */
import { parse } from 'csv-parse/sync';
import type { Info } from 'csv-parse/sync';
import { DroveError } from '../errors.ts';

/** How to read a CSV text. */
export interface CsvOptions {
	/** The first record names the columns, and each later record becomes an object. Default true. */
	readonly header?: boolean;
	/** One character between fields. Default `,`. */
	readonly delimiter?: string;
	/** Named in errors, typically the file path. Default "CSV". */
	readonly source?: string;
}

/** A CSV text that cannot be read; the message names the source and the line. */
export class CsvError extends DroveError {
	/** 1-based line where the bad record or field starts. */
	readonly line: number;

	constructor(source: string, line: number, problem: string) {
		super('CSV_PARSE', `${source} line ${line}: ${problem}`);
		this.name = 'CsvError';
		this.line = line;
	}
}

function checkDelimiter(delimiter: string): void {
	if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
		throw new DroveError('CSV_DELIMITER', `CSV delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
	}
}

/**
 * The 1-based line of the first record starting at or after byte `offset`: line breaks before it
 * (CRLF once), then the blank lines the parser skipped. Counted here because the library's own
 * `lines` is where a record ends and counts a CRLF inside quotes twice.
 */
function lineAt(bytes: Buffer, offset: number): number {
	let line = 1;
	let i = 0;
	const isBreak = (k: number): boolean => bytes[k] === 10 || bytes[k] === 13;
	const step = (k: number): number => (bytes[k] === 13 && bytes[k + 1] === 10 ? k + 2 : k + 1);
	while (i < offset) {
		if (isBreak(i)) {
			i = step(i);
			line++;
		} else i++;
	}
	while (i < bytes.length && isBreak(i)) {
		i = step(i);
		line++;
	}
	return line;
}

interface Parsed {
	readonly record: string[];
	readonly info: Info;
}

function records(bytes: Buffer, delimiter: string, source: string): Parsed[] {
	try {
		return parse(bytes, {
			delimiter,
			bom: true,
			// Mixed line endings in one file, as the hand-written parser took them (the default
			// auto-detection picks one ending from the first record).
			record_delimiter: ['\r\n', '\n', '\r'],
			relax_quotes: true,
			relax_column_count: true,
			skip_empty_lines: true,
			info: true,
		}) as unknown as Parsed[];
	} catch (error) {
		const { code, bytes_records: done } = error as { code?: string; bytes_records?: number };
		const line = lineAt(bytes, done ?? 0);
		if (code === 'CSV_QUOTE_NOT_CLOSED') throw new CsvError(source, line, 'a quoted field is never closed; close it with "');
		throw new CsvError(source, line, error instanceof Error ? error.message : String(error));
	}
}

/** Parses CSV text into records of fields, with no header handling. */
export function parseCsv(text: string, options: CsvOptions & { readonly header: false }): string[][];
/** Parses CSV text whose first record names the columns into one object per later record. */
export function parseCsv<R extends Record<string, string> = Record<string, string>>(text: string, options?: CsvOptions): R[];
/**
 * Parses CSV text.
 * @throws CsvError with the source and the line on malformed input.
 */
export function parseCsv(text: string, options: CsvOptions = {}): string[][] | Record<string, string>[] {
	const delimiter = options.delimiter ?? ',';
	const source = options.source ?? 'CSV';
	checkDelimiter(delimiter);
	const bytes = Buffer.from(text);
	const raw = records(bytes, delimiter, source);
	if (options.header === false) return raw.map((parsed) => parsed.record);

	const [head, ...body] = raw;
	if (head === undefined) return [];
	const columns = head.record;
	const seen = new Set<string>();
	for (const column of columns) {
		if (seen.has(column)) throw new CsvError(source, lineAt(bytes, 0), `the header names column ${JSON.stringify(column)} twice`);
		seen.add(column);
	}
	return body.map((parsed, k) => {
		if (parsed.record.length !== columns.length) {
			// A record starts where the one before it ended (its byte count includes the line break).
			const start = (raw[k] as Parsed).info.bytes;
			throw new CsvError(source, lineAt(bytes, start), `${parsed.record.length} fields, the header has ${columns.length}`);
		}
		// fromEntries defines own properties, so a column named __proto__ stays a plain value.
		return Object.fromEntries(columns.map((column, i) => [column, parsed.record[i] as string]));
	});
}
