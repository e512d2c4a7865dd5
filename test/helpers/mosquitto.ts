/**
 * A real Mosquitto broker for tests of the external-broker mode (`--broker`): started on a free
 * loopback port with its own config in a temp dir, ready when a probe client has connected, and
 * gone (process and dir) after `stop()`.
 *
 * ```ts
 * void test('against Mosquitto', { skip: mosquittoMissing }, async (t) => {
 *   const broker = await startMosquitto();
 *   t.after(() => broker.stop());
 *   // broker.url is mqtt://127.0.0.1:<port>
 * });
 * ```
 * Debian's `mosquitto` package provides both binaries (`.ci/run` installs it). When it is
 * missing the tests are skipped with a line that says so, never passed; set
 * DROVE_REQUIRE_MOSQUITTO=1 to make a missing broker fail instead.
 */
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

function findBinary(name: string, dirs: string[]): string | undefined {
	for (const dir of [...dirs, ...(process.env.PATH ?? '').split(delimiter)]) {
		if (dir === '') continue;
		try {
			accessSync(join(dir, name), constants.X_OK);
			return join(dir, name);
		} catch {
			// Not here; try the next directory.
		}
	}
	return undefined;
}

/** Path of the broker binary (DROVE_MOSQUITTO overrides), or undefined when not installed. */
export const mosquittoBinary: string | undefined = process.env.DROVE_MOSQUITTO ?? findBinary('mosquitto', ['/usr/sbin', '/usr/local/sbin', '/opt/homebrew/sbin']);

/** Path of `mosquitto_passwd`, or undefined. */
export const mosquittoPasswdBinary: string | undefined = findBinary('mosquitto_passwd', ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin']);

/**
 * A reason to skip for `test(name, { skip: mosquittoMissing }, ...)`, or false when the broker is
 * installed. Throws at import when DROVE_REQUIRE_MOSQUITTO is set and it is missing.
 */
export const mosquittoMissing: string | false = (() => {
	if (mosquittoBinary !== undefined) return false;
	const reason = 'mosquitto is not installed (Debian: apt-get install mosquitto; .ci/run does it): skipping the real-broker test';
	if (process.env.DROVE_REQUIRE_MOSQUITTO) throw new Error(reason);
	return reason;
})();

/** How to start the broker. */
export interface MosquittoOptions {
	/** Require this username and password (a password file made by mosquitto_passwd); otherwise anonymous. */
	readonly auth?: { readonly username: string; readonly password: string };
	/** More users for the password file (with `auth`, which the readiness probe logs in as). */
	readonly moreUsers?: ReadonlyArray<{ readonly username: string; readonly password: string }>;
	/** Serve MQTT over TLS with this certificate and key (PEM files); the url is then mqtts://. */
	readonly tls?: { readonly certPath: string; readonly keyPath: string };
	/** More lines for mosquitto.conf, added after ours. */
	readonly extraConfig?: readonly string[];
	/** Listen on this port (a broker restarted where its clients reconnect); default a free one. */
	port?: number;
	/** How long to wait for the broker to accept a client, in ms. Default 20 000. */
	readonly readyTimeoutMs?: number;
}

/** A running broker. */
export interface RunningMosquitto {
	/** `mqtt://127.0.0.1:<port>` (or `mqtts://`), without credentials. */
	readonly url: string;
	readonly host: '127.0.0.1';
	readonly port: number;
	/** `url` with the `auth` login in it (`mqtt://user:pass@127.0.0.1:<port>`), as --broker takes it; `url` when anonymous. */
	readonly loginUrl: string;
	/** The credentials it requires, if any. */
	readonly auth?: { readonly username: string; readonly password: string };
	/** The broker's process id. */
	readonly pid: number;
	/** What the broker logged so far (its last 64 KiB), for assertion messages. */
	logs(): string;
	/** Stops the broker (SIGTERM, SIGKILL after 5 s) and removes its temp dir. Safe to call twice. */
	stop(): Promise<void>;
}

const maxLog = 64 * 1024; // bytes of broker log kept for diagnostics

/**
 * Starts Mosquitto on a free 127.0.0.1 port and resolves once a probe client has connected.
 * Retries on another port if the one it picked was taken in between (up to 3 tries).
 * @throws when the binary is missing, or the broker exits or stays deaf past the timeout.
 */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningMosquitto> {
	if (mosquittoBinary === undefined) throw new Error(mosquittoMissing || 'mosquitto is not installed');
	let lastError: unknown;
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			return await startOnce(mosquittoBinary, options);
		} catch (error) {
			lastError = error;
			if (!String((error as Error).message).includes('Address already in use')) throw error;
		}
	}
	throw lastError;
}

async function startOnce(binary: string, options: MosquittoOptions): Promise<RunningMosquitto> {
	const dir = mkdtempSync(join(tmpdir(), 'drove-mosquitto-'));
	const port = options.port ?? (await freePort());
	const config = [
		`listener ${port} 127.0.0.1`,
		'persistence false',
		'log_dest stderr',
		'log_type error',
		'log_type warning',
		'log_type notice',
		'connection_messages true',
	];
	// Run as root (a container), Mosquitto would switch to the "mosquitto" user, which cannot
	// read this 0700 temp dir; naming the current user makes the switch a no-op.
	if (process.getuid?.() === 0) config.push(`user ${userInfo().username}`);
	try {
		if (options.auth) {
			if (mosquittoPasswdBinary === undefined) throw new Error('mosquitto_passwd is not installed; it comes with Debian\'s mosquitto package');
			const passwordFile = join(dir, 'passwd');
			await run(mosquittoPasswdBinary, ['-b', '-c', passwordFile, options.auth.username, options.auth.password]);
			for (const user of options.moreUsers ?? []) await run(mosquittoPasswdBinary, ['-b', passwordFile, user.username, user.password]);
			config.push('allow_anonymous false', `password_file ${passwordFile}`);
		} else {
			config.push('allow_anonymous true');
		}
		if (options.tls) config.push(`certfile ${options.tls.certPath}`, `keyfile ${options.tls.keyPath}`);
		config.push(...(options.extraConfig ?? []));
		const configPath = join(dir, 'mosquitto.conf');
		writeFileSync(configPath, config.join('\n') + '\n');
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}

	const child = spawn(binary, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	const keep = (chunk: Buffer): void => {
		log = (log + chunk.toString('utf8')).slice(-maxLog);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<string>((resolve) => {
		child.once('exit', (code, signal) => resolve(`mosquitto exited (${signal ?? `code ${code}`}) before accepting clients:\n${log}`));
		child.once('error', (error) => resolve(`mosquitto did not start: ${error.message}`));
	});

	let stopped: Promise<void> | undefined;
	const stop = (): Promise<void> => {
		stopped ??= stopChild(child).finally(() => rmSync(dir, { recursive: true, force: true }));
		return stopped;
	};

	const scheme = options.tls ? 'mqtts' : 'mqtt';
	const url = `${scheme}://127.0.0.1:${port}`;
	try {
		await waitReady(url, options, exited, options.readyTimeoutMs ?? 20_000);
	} catch (error) {
		await stop();
		throw error;
	}
	const login = options.auth ? `${encodeURIComponent(options.auth.username)}:${encodeURIComponent(options.auth.password)}@` : '';
	const loginUrl = `${scheme}://${login}127.0.0.1:${port}`;
	return { url, loginUrl, host: '127.0.0.1', port, auth: options.auth, pid: child.pid ?? -1, logs: () => log, stop };
}

/** Connects probe clients until one gets a CONNACK; rejects if the broker exits or time runs out. */
async function waitReady(url: string, options: MosquittoOptions, exited: Promise<string>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let failure: string | undefined;
	exited.then((why) => (failure = why), () => undefined);
	let lastError = 'no attempt';
	while (Date.now() < deadline) {
		if (failure !== undefined) throw new Error(failure);
		const error = await probe(url, options);
		if (error === undefined) return;
		lastError = error;
		// Give the broker a moment (and the exit event a chance) before the next probe.
		await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 50))]);
	}
	throw new Error(`mosquitto on ${url} accepted no client within ${timeoutMs} ms (last error: ${lastError})`);
}

function probe(url: string, options: MosquittoOptions): Promise<string | undefined> {
	return new Promise((resolve) => {
		const client = mqtt.connect(url, {
			username: options.auth?.username,
			password: options.auth?.password,
			reconnectPeriod: 0, // one try; the loop above retries
			connectTimeout: 2_000, // ms
			rejectUnauthorized: false, // the probe only asks "is it up"; tests check trust themselves
			clientId: `drove-probe-${process.pid}-${Math.random().toString(16).slice(2)}`,
		});
		const done = (error?: string): void => {
			client.removeAllListeners();
			client.on('error', () => undefined);
			client.end(true);
			resolve(error);
		};
		client.once('connect', () => done());
		client.once('error', (error) => done(error.message));
		client.once('close', () => done('closed'));
	});
}

function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000); // ms of grace after SIGTERM
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
