/** Test helpers around the fixture target and engines: started per test, closed in t.after. */
import type { Server as HttpServer } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type { Server as HttpsServer } from 'node:https';
import type { TestContext } from 'node:test';
import { createServer, type AddressInfo } from 'node:net';
import { startTarget, type Target } from '../../fixtures/target.ts';

/** Start the fixture target on 127.0.0.1:0 and close it after the test. */
export async function useTarget(t: TestContext): Promise<Target> {
	const target = await startTarget(0, '127.0.0.1');
	t.after(() => target.close());
	return target;
}

/** Listen on 127.0.0.1 port 0; close it (its open connections too) after the test. Resolves to the port. */
export async function listenOn(t: TestContext, server: HttpServer | HttpsServer | Http2SecureServer): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	t.after(() => {
		(server as HttpServer).closeAllConnections?.();
		return new Promise<void>((resolve) => server.close(() => resolve()));
	});
	return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** Poll `check` every 20 ms until it holds; reject after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!check()) {
		if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
