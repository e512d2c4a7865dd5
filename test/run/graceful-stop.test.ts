// Ctrl-C and SIGTERM stop a headless run gracefully: the last stats arrive and every report
// (--json, --csv, --html, --junit) is still written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan, tempDir, readLines } from './drove-cli.ts';

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	test(`${signal} stops the run gracefully and still writes every report`, async (t) => {
		const target = await useTarget(t);
		const dir = tempDir(t);
		const prefix = join(dir, 'term');
		const proc = new DroveProcess(['-f', fixturePlan('steady.ts'), '--headless', '-u', '4', '-r', '4', '-H', target.url, '--csv', prefix, '--json', '--html', `${prefix}.html`, '--junit', `${prefix}.xml`], t);
		await proc.waitForStderr(/users 4\/4/);
		proc.child.kill(signal);
		assert.equal(await proc.exitCode(), 0, proc.stderr);
		const summary = JSON.parse(proc.stdout) as { run: { stopReason: string }; aggregated: { requests: number } };
		assert.equal(summary.run.stopReason, 'interrupted');
		const aggregated = readLines(`${prefix}_stats.csv`).find((line) => line.startsWith(',Aggregated,'));
		assert.equal(Number(aggregated?.split(',')[2]), summary.aggregated.requests);
		assert.equal(readLines(`${prefix}_workers.csv`).length, 2);
		assert.match(readFileSync(`${prefix}.html`, 'utf8'), /<td>interrupted<\/td>|>interrupted</, '--html written, with the stop reason');
		assert.match(readFileSync(`${prefix}.xml`, 'utf8'), /<testcase name="no failed requests"/, '--junit written');
	});
}
