import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapSpaceStatistics } from 'node:v8';
import { holdYoungGeneration } from '../../source/run/hold-young-generation.ts';

void test('the young generation is held only on the V8 it was measured on (Node 20)', () => {
	// Another V8 might not know the flag and would print an error onto the dashboard's terminal.
	assert.equal(holdYoungGeneration({ v8Version: '12.4.254.21-node.33' }), false);
	assert.equal(holdYoungGeneration({ v8Version: '13.6.233.10-node.27' }), false);
});

void test('on Node 20 the new space stops growing once it has reached the size held', { skip: !process.versions.v8.startsWith('11.3.') && 'not Node 20' }, async () => {
	const newSpace = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size;
	// Held at its size now: garbage that survives a while (as a dashboard's frames do) must not
	// grow it (the same loop in a fresh process grows it from 1 to 16 MB unheld; held, a 1 MB
	// new space still becomes 2, V8's smallest step).
	const held = Math.max(newSpace(), 2 * 1024 * 1024);
	assert.equal(holdYoungGeneration({ atBytes: 0 }), true);
	const kept: unknown[][] = [];
	for (let round = 0; round < 200; round++) {
		kept.push(Array.from({ length: 2000 }, (_, i) => ({ i, round })));
		if (kept.length > 20) kept.shift();
		await new Promise((resolve) => setImmediate(resolve));
	}
	assert.ok(newSpace() <= held, `new space ${newSpace()} grew past ${held}`);
});
