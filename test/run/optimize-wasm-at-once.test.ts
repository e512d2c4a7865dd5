// A worker's WebAssembly (undici's HTTP parser) is compiled by TurboFan at once, with no
// Liftoff baseline to tier up from later (source/run/optimize-wasm-at-once.ts): checked in a
// fresh process, since the flag is process-wide, with V8's own test natives.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { optimizeWasmAtOnce } from '../../source/run/optimize-wasm-at-once.ts';

const module = fileURLToPath(new URL('../../source/run/optimize-wasm-at-once.ts', import.meta.url));

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

void test('only on the V8 it was measured on (Node 20)', () => {
	assert.equal(optimizeWasmAtOnce({ v8Version: '12.4.254.21-node.33' }), false);
	assert.equal(optimizeWasmAtOnce({ v8Version: '13.6.233.10-node.27' }), false);
});

void test('on Node 20, WebAssembly compiled after it is TurboFan code from the start', { skip: !process.versions.v8.startsWith('11.3.') && 'not Node 20' }, () => {
	assert.equal(compiledByLiftoff(false), true, "V8's default: Liftoff first");
	assert.equal(compiledByLiftoff(true), false, 'no Liftoff once set');
});
