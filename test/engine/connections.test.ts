import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Dispatcher } from 'undici';
import { perUserConnections } from '../../source/engine/connections.ts';
import { useTarget } from '../helpers/target.ts';
import { useEngine, userClass } from '../helpers/engine.ts';
import { stopUser } from '../../source/index.ts';

/** One GET through `dispatcher`, its body read to the end; resolves to the status. */
function get(dispatcher: Dispatcher, path: string): Promise<number> {
	return dispatcher.request({ path, method: 'GET' }).then(async (r) => {
		await r.body.text();
		return r.statusCode;
	});
}

void test('users of one origin each have their own connection, and share one parsed URL', async (t) => {
	const target = await useTarget(t);
	const connections = perUserConnections();
	const users = [connections.open(target.url), connections.open(target.url)];
	t.after(() => Promise.all(users.map((u) => u.dispatcher.destroy())));
	const connected = users.map((u) => once(u.dispatcher, 'connect') as Promise<[URL, ...unknown[]]>);
	// undici's index installs request() on every dispatcher; the engine itself only dispatches.
	await import('undici');
	assert.deepEqual(await Promise.all(users.map((u) => get(u.dispatcher, '/'))), [200, 200]);
	const [first, second] = (await Promise.all(connected)).map(([url]) => url);
	assert.equal(target.counters.connections, 2, 'one connection a user');
	assert.ok(users.every((u) => u.own));
	// The 'connect' event carries the Client's own URL: the same object for both users.
	assert.equal(first?.href, `${new URL(target.url).origin}/`);
	assert.equal(first, second);
});

void test('a user reaching its host by absolute URLs first keeps one connection for them and its paths', async (t) => {
	const target = await useTarget(t);
	const before = target.counters.connections;
	const web = userClass('web', {
		tasks: {
			mixed: async ({ client, record }) => {
				await client.get(`${target.url}/`);
				await client.get(`${target.url}/item/1`);
				await client.get('/');
				record('done', 0);
				stopUser();
			},
		},
	});
	const { engine, sink } = useEngine(t, [web], { host: target.url });
	engine.setTarget({ web: 1 }, 0);
	await sink.until(() => sink.named('done').length === 1, 20_000, 'the three requests');
	await engine.stop();
	assert.equal(sink.requests.filter((r) => r.error).length, 0);
	assert.equal(target.counters.connections - before, 1, 'one connection for the user');
});
