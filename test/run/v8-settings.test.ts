// The V8 settings Drove sets at run time (source/run/v8-settings.ts): only on Node 20's V8,
// and each does what it says there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { holdYoungGeneration, optimizeWasmAtOnce } from '../../source/run/v8-settings.ts';

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

// A worker's WebAssembly (undici's HTTP parser) is compiled by TurboFan at once, with no Liftoff
// baseline to tier up from later: checked in a fresh process, since the flag is process-wide,
// with V8's own test natives.
const module = fileURLToPath(new URL('../../source/run/v8-settings.ts', import.meta.url));

/** Whether a freshly compiled WebAssembly function runs Liftoff code, with or without the setting. */
function compiledByLiftoff(optimize: boolean): boolean {
	const script = `
		const { optimizeWasmAtOnce } = await import(${JSON.stringify(module)});
		if (${optimize}) optimizeWasmAtOnce();
		// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
		const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,7,1,96,2,127,127,1,127,3,2,1,0,7,7,1,3,97,100,100,0,0,10,9,1,7,0,32,0,32,1,106,11]);
		const add = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.add;
		if (add(1, 2) !== 3) throw new Error('wrong sum');
		process.stdout.write(String(eval('%IsLiftoffFunction(add)')));`;
	const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
	return out.trim() === 'true';
}

void test('the WebAssembly setting only on the V8 it was measured on (Node 20)', () => {
	assert.equal(optimizeWasmAtOnce({ v8Version: '12.4.254.21-node.33' }), false);
	assert.equal(optimizeWasmAtOnce({ v8Version: '13.6.233.10-node.27' }), false);
});

void test('on Node 20, WebAssembly compiled after it is TurboFan code from the start', { skip: !process.versions.v8.startsWith('11.3.') && 'not Node 20' }, () => {
	assert.equal(compiledByLiftoff(false), true, "V8's default: Liftoff first");
	assert.equal(compiledByLiftoff(true), false, 'no Liftoff once set');
});
