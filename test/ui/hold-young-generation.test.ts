import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdYoungGeneration } from '../../source/ui/hold-young-generation.ts';

void test('the young generation is held only on the V8 it was measured on (Node 20)', () => {
	// Another V8 might not know the flag and would print an error onto the dashboard's terminal.
	assert.equal(holdYoungGeneration('12.4.254.21-node.33'), false);
	assert.equal(holdYoungGeneration('13.6.233.10-node.27'), false);
	assert.equal(holdYoungGeneration('11.3.244.8-node.38'), true);
});
