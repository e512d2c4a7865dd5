import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../source/engine/engine.ts';
import { Recorder } from '../../source/stats/recorder.ts';
import { decodeSparse } from '../../source/stats/histogram.ts';
import { sparsePercentilesMs } from '../../source/stats/sparse.ts';
import { userClass } from '../helpers/engine.ts';
import { eventually, useTarget } from '../helpers/target.ts';

void test('a known latency mix (90 % at 20 ms, 10 % at 200 ms) through the engine and the Recorder gives p50 and p95 within tolerance', async (t) => {
	const target = await useTarget(t);
	const mix = userClass('mix', {
		tasks: { get: async ({ client }) => void (await client.get('/mix?fastMs=20&slowMs=200&slowEvery=10', { name: '/mix' })) },
	});
	const recorder = new Recorder();
	let count = 0;
	const sink = {
		request(method: string, name: string, ms: number, bytes: number, error?: string): void {
			count++;
			recorder.request(method, name, ms, bytes, error);
		},
		exception: (message: string, traceback: string) => recorder.exception(message, traceback),
	};
	const engine = new Engine({ plan: { userClasses: [mix] }, host: target.url, sink, worker: { index: 0, count: 1 } });
	t.after(() => engine.close());
	engine.setTarget({ mix: 10 }, 0);
	await eventually(() => count >= 400, 30_000, '400 requests');
	await engine.stop();
	const endpoint = recorder.takeDelta().endpoints.find((e) => e.name === '/mix')!;
	assert.equal(endpoint.failures, 0);
	const [p50, p95] = sparsePercentilesMs(decodeSparse(endpoint.histogram), [50, 95]);
	// Generous on the high side: a loaded machine adds latency (the target shares this process), never removes it.
	assert.ok(p50! >= 19 && p50! < 100, `p50 ${p50} ms`);
	assert.ok(p95! >= 195 && p95! < 600, `p95 ${p95} ms`);
});
