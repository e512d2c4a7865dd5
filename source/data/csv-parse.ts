/**
 * A small CSV parser after RFC 4180, so plans can load data files without another dependency.
 * Pure: text in, rows out. (csv-parse would do; it is not installed. Swapping it in means
 * keeping the error shape below: one line with the source and the line number.)
 *
 * What it accepts:
 * - fields separated by a one-character delimiter (default `,`), records ended by CRLF, LF or CR;
 * - quoted fields (`"a, b"`) holding delimiters, line breaks and doubled quotes (`""` is `"`);
 * - a UTF-8 byte order mark at the start (dropped), a final line break or none;
 * - a quote inside an unquoted field is kept as a character (`5" disk`), as most tools do.
 * What it refuses, with the line it happened on: a quoted field never closed, anything but a
 * delimiter or a line break after a closing quote, and (with a header) a record whose field
 * count differs from the header's, or a header naming a column twice.
 * Blank lines are skipped (a line holding only `""` is a record with one empty field).
 * Values stay strings: the plan knows which columns are numbers.
 */
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

/** A record as the parser found it, with the line it starts on (1-based). */
interface RawRecord {
	readonly fields: string[];
	readonly line: number;
}

/** Line breaks in `text[from, to)`: CRLF counts once, a lone CR or LF once each. */
function countBreaks(text: string, from: number, to: number): number {
	let breaks = 0;
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c === 10) breaks++;
		else if (c === 13 && text.charCodeAt(i + 1) !== 10) breaks++;
	}
	return breaks;
}

function records(text: string, delimiter: string, source: string): RawRecord[] {
	const out: RawRecord[] = [];
	const n = text.length;
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let line = 1;
	let fields: string[] = [];
	let recordLine = 1;
	let quoted = false;

	while (i < n) {
		if (text[i] === '"') {
			// Quoted field: runs to the next quote that is not doubled.
			const opened = line;
			let value = '';
			i++;
			for (;;) {
				const close = text.indexOf('"', i);
				if (close === -1) throw new CsvError(source, opened, 'a quoted field is never closed; close it with "');
				line += countBreaks(text, i, close);
				value += text.slice(i, close);
				if (text[close + 1] === '"') {
					value += '"';
					i = close + 2;
				} else {
					i = close + 1;
					break;
				}
			}
			fields.push(value);
			quoted = true;
			if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
				throw new CsvError(source, line, `unexpected ${JSON.stringify(text[i])} after a closing quote; write a quote inside a quoted field as ""`);
			}
		} else {
			// Unquoted field: runs to the delimiter or the end of the line.
			let end = i;
			while (end < n && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
			fields.push(text.slice(i, end));
			i = end;
		}

		// i is at a delimiter, a line break or the end.
		if (i < n && text[i] === delimiter) {
			i++;
			// A delimiter at the very end ends the record with an empty field.
			if (i >= n) fields.push('');
			else continue;
		}
		if (i < n) {
			i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
			line++;
		}
		const blank = fields.length === 1 && fields[0] === '' && !quoted;
		if (!blank) out.push({ fields, line: recordLine });
		fields = [];
		quoted = false;
		recordLine = line;
	}
	return out;
}

function checkDelimiter(delimiter: string): void {
	if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
		throw new DroveError('CSV_DELIMITER', `CSV delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
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
	const raw = records(text, delimiter, source);
	if (options.header === false) return raw.map((record) => record.fields);

	const [head, ...body] = raw;
	if (head === undefined) return [];
	const columns = head.fields;
	const seen = new Set<string>();
	for (const column of columns) {
		if (seen.has(column)) throw new CsvError(source, head.line, `the header names column ${JSON.stringify(column)} twice`);
		seen.add(column);
	}
	return body.map((record) => {
		if (record.fields.length !== columns.length) {
			throw new CsvError(source, record.line, `${record.fields.length} fields, the header has ${columns.length}`);
		}
		// fromEntries defines own properties, so a column named __proto__ stays a plain value.
		return Object.fromEntries(columns.map((column, k) => [column, record.fields[k] as string]));
	});
}
