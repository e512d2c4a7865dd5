// A plan's mistakes through the real `drove` command (issue 8): a stray rejection is an
// exception, not the end of the worker; exceptions point at the plan file as the person named
// it (plans/mistakes.ts, run from the folder above); an unknown request option is reported once
// per call site instead of silently ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { useTarget } from '../helpers/target.ts';
import { runDrove } from './drove-cli.ts';

const located = fileURLToPath(new URL('./fixtures/located/', import.meta.url));

test('stray rejections are recorded and the run goes on; exceptions name plans/mistakes.ts and its line', async (t) => {
	const target = await useTarget(t);
	const { code, stdout, stderr } = await runDrove(['-f', 'plans/mistakes.ts', '--headless', '-u', '2', '-r', '10', '-t', '4s', '-H', target.url, '--processes', '1', '--json'], t, { cwd: located });
	assert.equal(code, 1, stderr);
	assert.doesNotMatch(stderr, /exited with code|unhandled|internal error/i, stderr);
	const summary = JSON.parse(stdout) as { aggregated: { requests: number }; exceptions: { message: string; traceback: string; count: number }[] };
	assert.ok(summary.aggregated.requests > 5, `requests went on: ${summary.aggregated.requests}`);
	const byMessage = new Map(summary.exceptions.map((e) => [e.message, e]));
	const plan = `${located}plans/mistakes.ts`;
	assert.match(byMessage.get('the plan threw')!.traceback, new RegExp(`${plan}:7:\\d+`));
	assert.match(byMessage.get('nobody awaited this')!.traceback, new RegExp(`${plan}:9:\\d+`));
	const parse = summary.exceptions.find((e) => e.message.startsWith('SyntaxError'))!;
	assert.match(parse.traceback, new RegExp(`${plan}:8:\\d+`));
	const option = summary.exceptions.find((e) => e.message.includes("'nmae'"))!;
	assert.equal(option.message, "TypeError: request: unknown option 'nmae'; did you mean 'name'? (plans/mistakes.ts:10)");
	assert.equal(option.count, 1, 'once per call site');
});

test('the summary table\'s Where is the plan line, not JSON.parse or a Drove frame', async (t) => {
	const target = await useTarget(t);
	const { stdout, stderr } = await runDrove(['-f', 'plans/mistakes.ts', '--headless', '-u', '1', '-r', '10', '-t', '3s', '-H', target.url, '--processes', '1'], t, { cwd: located });
	const parseRow = stdout.split('\n').find((line) => line.includes('SyntaxError'));
	assert.ok(parseRow, stdout + stderr);
	assert.match(parseRow, /plans\/mistakes\.ts:8:\d+/);
});
