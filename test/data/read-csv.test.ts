import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { csvDataset, readCsv, readCsvSync } from '../../source/data/read-csv.ts';
import { partition } from '../../source/data/partition.ts';
import { DataExhaustedError } from '../../source/data/data-exhausted-error.ts';
import { DroveError } from '../../source/errors.ts';

function tempCsv(t: { after(fn: () => void): void }, rows: number): string {
	const dir = mkdtempSync(join(tmpdir(), 'drove-data-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	const path = join(dir, 'users.csv');
	const lines = ['id,email,note'];
	for (let i = 0; i < rows; i++) lines.push(`${i},user${i}@example.test,"row ${i}, quoted"`);
	writeFileSync(path, lines.join('\r\n') + '\r\n');
	return path;
}

void test('two workers\' partitions of a 100-row CSV are disjoint and cover it', async (t) => {
	const path = tempCsv(t, 100);
	const rows = await readCsv(path);
	assert.equal(rows.length, 100);
	assert.deepEqual(rows[42], { id: '42', email: 'user42@example.test', note: 'row 42, quoted' });

	const a = partition(rows, { index: 0, count: 2 }).map((row) => row.id);
	const b = partition(rows, { index: 1, count: 2 }).map((row) => row.id);
	assert.equal(a.length, 50);
	assert.equal(b.length, 50);
	assert.equal(a.filter((id) => b.includes(id)).length, 0, 'disjoint');
	assert.deepEqual([...a, ...b].map(Number).sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i), 'cover');
});

void test('csvDataset: users on two workers take every row exactly once, then run out', (t) => {
	const path = tempCsv(t, 100);
	// Two workers, each with its own dataset object as in two processes, 50 users each.
	const workers = [0, 1].map(() => csvDataset<{ id: string; email: string; note: string }>(path));
	const emails = new Set<string>();
	for (let userId = 0; userId < 50; userId++) {
		workers.forEach((data, index) => emails.add(data.forUser({ worker: { index, count: 2 }, userId }).email));
	}
	assert.equal(emails.size, 100);
	assert.throws(() => workers[0]?.forUser({ worker: { index: 0, count: 2 }, userId: 50 }), DataExhaustedError);
});

void test('csvDataset reads the file on the first take, and takes a file URL', (t) => {
	const path = tempCsv(t, 3);
	const data = csvDataset(pathToFileURL(path), { cycle: true });
	rmSync(path);
	// The file is gone before the first take: reading happens now, and fails with one line.
	assert.throws(() => data.take({ worker: { index: 0, count: 1 } }), (error: unknown) => {
		assert.ok(error instanceof DroveError);
		assert.equal(error.code, 'DATA_FILE');
		assert.equal(error.message, `cannot read CSV file ${path}: no such file`);
		return true;
	});
});

void test('readCsv without a header, and the sync reader', async (t) => {
	const path = tempCsv(t, 2);
	assert.deepEqual((await readCsv(path, { header: false }))[0], ['id', 'email', 'note']);
	assert.equal(readCsvSync(path).length, 2);
	await assert.rejects(readCsv(join(path, 'nope.csv')), /cannot read CSV file .*nope\.csv/);
});
