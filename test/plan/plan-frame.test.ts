import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { droveCodeDirs } from '../../source/package-root.ts';
import { firstPlanFrame, whereInPlan } from '../../source/plan/plan-frame.ts';

const droveSourceDir = droveCodeDirs[0]!;
import { firstFrame } from '../../source/ui/components/FailuresView.tsx';

const plan = join(process.cwd(), 'plans', 'p.ts');
const stack = [
	'SyntaxError: Unexpected token \'o\', "ok" is not valid JSON',
	'    at JSON.parse (<anonymous>)',
	`    at Response.json (${droveSourceDir}/engine/response.ts:80:15)`,
	`    at parse (file://${plan}:7:58)`,
	`    at SimUser.run (${droveSourceDir}/engine/sim-user.ts:140:20)`,
].join('\n');

void test('the plan\'s frame, not JSON.parse or a Drove frame; shown relative to the working directory', () => {
	assert.deepEqual(firstPlanFrame(stack), { file: plan, line: 7, column: 58, fn: 'parse' });
	assert.equal(whereInPlan(stack), 'plans/p.ts:7:58');
	assert.equal(firstFrame(stack), 'plans/p.ts:7:58', 'the Exceptions view');
	assert.equal(whereInPlan('Error: x\n    at node:internal/foo:1:2'), 'node:internal/foo:1:2', 'no plan frame: the first frame');
	assert.equal(firstFrame('just a message'), 'just a message');
});
