import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, CsvError } from '../../source/data/csv-parse.ts';

void test('a header makes one object per record', () => {
	assert.deepEqual(parseCsv('email,password\na@x.test,one\nb@x.test,two\n'), [
		{ email: 'a@x.test', password: 'one' },
		{ email: 'b@x.test', password: 'two' },
	]);
});

void test('without a header, records are arrays of fields', () => {
	assert.deepEqual(parseCsv('a,b\nc,d', { header: false }), [['a', 'b'], ['c', 'd']]);
});

void test('quotes hold delimiters, line breaks and doubled quotes (RFC 4180)', () => {
	const text = 'name,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\n"",x\r\n';
	assert.deepEqual(parseCsv(text), [
		{ name: 'Smith, J', note: 'said "hi"\r\nthen left' },
		{ name: '', note: 'x' },
	]);
});

void test('CRLF, LF and CR all end records; a BOM and a missing final break are fine', () => {
	assert.deepEqual(parseCsv('\uFEFFa,b\r\n1,2\n3,4\r5,6', { header: false }), [['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
});

void test('empty fields, a trailing delimiter and blank lines', () => {
	assert.deepEqual(parseCsv(',\n\na,,\n\r\n""\n', { header: false }), [['', ''], ['a', '', ''], ['']]);
	assert.deepEqual(parseCsv('a,b,', { header: false }), [['a', 'b', '']]);
	assert.deepEqual(parseCsv('', { header: false }), []);
	assert.deepEqual(parseCsv('only,header\n'), []);
});

void test('a stray quote is kept as a character', () => {
	assert.deepEqual(parseCsv('5" disk,a"b', { header: false }), [['5" disk', 'a"b']]);
	// csv-parse's relax_quotes: text after a closing quote keeps the field as written.
	assert.deepEqual(parseCsv('"x"z,1', { header: false }), [['"x"z', '1']]);
});

void test('another delimiter', () => {
	assert.deepEqual(parseCsv('a;b\n"x;y";z', { delimiter: ';' }), [{ a: 'x;y', b: 'z' }]);
	assert.throws(() => parseCsv('a', { delimiter: '"' }), /CSV delimiter must be one character/);
});

void test('malformed input fails with the source and the line', () => {
	const bad: Array<[string, RegExp]> = [
		['a,b\n1,2\n"open,3\n4,5\n', /^users\.csv line 3: a quoted field is never closed/],
		['a,b\r\n"x\r\ny",1\r\n\r\n3\r\n', /^users\.csv line 5: 1 fields, the header has 2$/],
		['a,b\n1,2\n\n3\n', /^users\.csv line 4: 1 fields, the header has 2$/],
		['a,b,a\n1,2,3\n', /^users\.csv line 1: the header names column "a" twice$/],
	];
	for (const [text, message] of bad) {
		assert.throws(() => parseCsv(text, { source: 'users.csv' }), (error: unknown) => {
			assert.ok(error instanceof CsvError, 'a CsvError');
			assert.equal(error.code, 'CSV_PARSE');
			assert.match(error.message, message);
			return true;
		});
	}
});

void test('a column named __proto__ is an ordinary value', () => {
	const [row] = parseCsv('__proto__,b\nx,y\n');
	assert.ok(row);
	assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 'x');
	assert.equal(Object.getPrototypeOf(row), Object.prototype);
});
