import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Dispatcher } from 'undici';
import { perUserConnections } from '../../source/engine/connections.ts';
import { useTarget } from '../helpers/target.ts';

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
