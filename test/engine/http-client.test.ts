import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constant, task, type DroveResponse } from '../../source/index.ts';
import { useEngine, userClass } from '../helpers/engine.ts';
import { closedPort, useTarget } from '../helpers/target.ts';

void test('cookies are kept per user: each user sees its own session', async (t) => {
	const target = await useTarget(t);
	const seen = new Map<number, string[]>();
	// A request cut short by the stop (stop timeout 0) ends with status 0: not a cookie matter.
	let stopping = false;
	const web = userClass('web', {
		async onStart({ client, userId }) {
			await client.post('/login', { json: { name: `u${userId}` } });
		},
		tasks: {
			profile: async ({ client, userId, sleep }) => {
				const r = await client.get('/profile');
				if (stopping) return;
				const list = seen.get(userId) ?? [];
				list.push(r.status === 200 ? r.json<{ session: string }>().session : `status ${r.status}`);
				seen.set(userId, list);
				await sleep(0.02);
			},
		},
	});
	const { engine, sink } = useEngine(t, [web], { host: target.url });
	engine.setTarget({ web: 2 }, 0);
	await sink.until(() => sink.named('/profile').length >= 10, 10_000, 'profile requests');
	stopping = true;
	await engine.stop();
	assert.equal(seen.size, 2);
	for (const [userId, sessions] of seen) {
		assert.ok(sessions.length > 0);
		for (const s of sessions) assert.match(s, new RegExp(`^u${userId}-\\d+$`), `user ${userId} saw ${s}`);
	}
	assert.equal(sink.requests.filter((r) => r.error).length, 0);
});

void test('failures by status, timeout, refused and reset, each with its own text', async (t) => {
	const target = await useTarget(t);
	const dead = await closedPort();
	const responses: DroveResponse[] = [];
	const web = userClass('web', {
		tasks: [
			async ({ client, sleep }) => {
				responses.push(await client.get('/status/503'));
				responses.push(await client.get('/status/404', { name: 'missing' }));
				// A minute's delay: only a timeout ends these, however late a loaded box fires it.
				responses.push(await client.get('/delay/60000', { name: '/delay' }));
				responses.push(await client.get('/delay/60000?x=1', { timeout: 0.1, name: 'quick-timeout' }));
				responses.push(await client.get(`http://127.0.0.1:${dead}/`, { name: 'refused' }));
				responses.push(await client.get('/drop'));
				responses.push(await client.get('/item/1'));
				await sleep(60);
			},
		],
	});
	// 2 s, not 300 ms: the timeout holds for every request here, and the ones that must answer
	// (a 503, a 404, /item/1) could take 300 ms on a loaded box and read as timed out.
	const { engine, sink } = useEngine(t, [web], { host: target.url, requestTimeoutMs: 2000 });
	engine.setTarget({ web: 1 }, 0);
	await sink.until(() => sink.requests.length >= 7, 20_000, 'seven requests');
	await engine.stop();
	const byName = Object.fromEntries(sink.requests.map((r) => [r.name, r.error]));
	assert.deepEqual(byName, {
		'/status/503': 'HTTP 503 Service Unavailable',
		missing: 'HTTP 404 Not Found',
		'/delay': 'request timed out after 2000 ms',
		'quick-timeout': 'request timed out after 100 ms',
		refused: 'ECONNREFUSED: connection refused',
		'/drop': 'ECONNRESET: connection reset',
		'/item/1': undefined,
	});
	assert.deepEqual(responses.map((r) => [r.status, r.ok]), [[503, false], [404, false], [0, false], [0, false], [0, false], [0, false], [200, true]]);
	assert.deepEqual(responses[6]!.json(), { id: '1' });
	const timedOut = sink.named('/delay')[0]!;
	assert.ok(timedOut.ms >= 1950 && timedOut.ms < 30_000, `timed out after ${timedOut.ms} ms`);
	assert.ok(sink.requests.every((r) => r.method === 'GET'));
	assert.equal(sink.exceptions.length, 0);
});

void test('a throwing task is recorded with where it threw, and the user lives on', async (t) => {
	const target = await useTarget(t);
	let runs = 0;
	const web = userClass('web', {
		tasks: {
			flaky: async ({ client }) => {
				runs++;
				await client.get('/');
				if (runs % 2 === 1) throw new TypeError('flaky task broke');
			},
		},
	});
	const { engine, sink } = useEngine(t, [web], { host: target.url });
	engine.setTarget({ web: 1 }, 0);
	await sink.until(() => sink.exceptions.length >= 3 && sink.requests.length >= 6, 10_000, 'exceptions and requests');
	await engine.stop();
	assert.equal(sink.exceptions[0]!.message, 'TypeError: flaky task broke');
	assert.match(sink.exceptions[0]!.traceback, /http-client\.test\.ts:\d+/);
	assert.deepEqual(engine.userCounts(), { web: 0 });
});

void test('catchResponse: the task decides success or failure; undecided is judged by status', async (t) => {
	const target = await useTarget(t);
	const web = userClass('web', {
		tasks: [
			async ({ client }) => {
				const a = await client.get('/status/404', { catchResponse: true, name: 'accepted-404' });
				if (a.status === 404) a.success();
				const b = await client.get('/item/2', { catchResponse: true, name: 'rejected-200' });
				if (b.json<{ id: string }>().id !== 'x') b.failure('wrong item');
				await client.get('/status/500', { catchResponse: true, name: 'undecided-500' });
				await client.get('/', { catchResponse: true, name: 'undecided-200' });
			},
		],
		// Undecided responses are judged when the task ends.
		waitTime: constant(60),
	});
	const { engine, sink } = useEngine(t, [web], { host: target.url });
	engine.setTarget({ web: 1 }, 0);
	await sink.until(() => sink.requests.length >= 4, 10_000, 'four requests');
	await engine.stop();
	assert.deepEqual(
		Object.fromEntries(sink.requests.map((r) => [r.name, r.error])),
		{ 'accepted-404': undefined, 'rejected-200': 'wrong item', 'undecided-500': 'HTTP 500 Internal Server Error', 'undecided-200': undefined },
	);
});

void test('request options: query, json, headers, body, every method; record() and content size', async (t) => {
	const target = await useTarget(t);
	const echoes: { method: string; url: string; headers: Record<string, string>; body: string }[] = [];
	const web = userClass('web', {
		tasks: [
			async ({ client, record, sleep }) => {
				const echo = async (p: Promise<DroveResponse>) => void echoes.push((await p).json());
				await echo(client.get('/echo?a=1', { query: { b: 2, c: 'x y', skip: undefined }, headers: { 'x-test': 'yes' } }));
				await echo(client.post('/echo', { json: { hello: 'world' } }));
				await echo(client.put('/echo', { body: 'raw' }));
				await echo(client.patch('/echo'));
				await echo(client.delete('/echo'));
				await echo(client.request('OPTIONS', '/echo'));
				const head = await client.head('/');
				assert.equal(head.status, 200);
				await client.get('/bytes/5000');
				record('checkout-flow', 12.5);
				record('checkout-flow', 3, 'cart empty');
				await sleep(60);
			},
		],
	});
	const { engine, sink } = useEngine(t, [web], { host: target.url });
	engine.setTarget({ web: 1 }, 0);
	await sink.until(() => sink.named('checkout-flow').length >= 2, 10_000, 'the whole task');
	await engine.stop();
	assert.equal(sink.exceptions.length, 0, JSON.stringify(sink.exceptions));
	assert.equal(echoes[0]!.url, '/echo?a=1&b=2&c=x+y');
	assert.equal(echoes[0]!.headers['x-test'], 'yes');
	assert.equal(echoes[1]!.method, 'POST');
	assert.equal(echoes[1]!.headers['content-type'], 'application/json');
	assert.equal(echoes[1]!.body, '{"hello":"world"}');
	assert.equal(echoes[2]!.body, 'raw');
	assert.deepEqual(echoes.map((e) => e.method), ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
	assert.equal(sink.named('/echo')[0]!.name, '/echo', 'the name drops the query');
	assert.equal(sink.named('/bytes/5000')[0]!.bytes, 5000);
	assert.deepEqual(
		sink.named('checkout-flow').map((r) => [r.method, r.ms, r.error]),
		[['custom', 12.5, undefined], ['custom', 3, 'cart empty']],
	);
});

void test('tags select and exclude tasks', async (t) => {
	const target = await useTarget(t);
	const web = userClass('web', {
		tasks: {
			a: task(async ({ client }) => void (await client.get('/item/a')), { tags: ['a'] }),
			b: task(async ({ client }) => void (await client.get('/item/b')), { tags: ['b'] }),
			plain: async ({ client }) => void (await client.get('/item/plain')),
		},
	});
	const only = useEngine(t, [web], { host: target.url, tags: ['a'] });
	only.engine.setTarget({ web: 1 }, 0);
	await only.sink.until(() => only.sink.requests.length >= 20, 10_000, 'requests');
	await only.engine.stop();
	assert.deepEqual([...new Set(only.sink.requests.map((r) => r.name))], ['/item/a']);

	const except = useEngine(t, [web], { host: target.url, excludeTags: ['a'] });
	except.engine.setTarget({ web: 1 }, 0);
	await except.sink.until(() => except.sink.requests.length >= 40, 10_000, 'requests');
	await except.engine.stop();
	assert.deepEqual([...new Set(except.sink.requests.map((r) => r.name))].sort(), ['/item/b', '/item/plain']);
	assert.throws(() => useEngine(t, [web], { tags: ['nothing'] }), /no task left/);
});

void test('a shared pool works too and needs fewer connections', async (t) => {
	const target = await useTarget(t);
	const web = userClass('web', { tasks: { home: async ({ client }) => void (await client.get('/')) } });
	const { engine, sink } = useEngine(t, [web], { host: target.url, sharedPool: true });
	engine.setTarget({ web: 5 }, 0);
	await sink.until(() => sink.requests.length >= 200, 10_000, 'requests');
	await engine.stop();
	assert.ok(target.counters.connections <= 10, `${target.counters.connections} connections`);
	assert.equal(sink.requests.filter((r) => r.error).length, 0);
});
