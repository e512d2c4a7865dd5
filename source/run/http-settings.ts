/**
 * The I/O edge of the target-facing HTTP flags: reads the PEM files of --ca-cert,
 * --client-cert and --client-key, and picks the proxy (--proxy, else the environment's
 * HTTP_PROXY/HTTPS_PROXY, else direct), for the engine's `http` settings.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/config.ts';
// Types only: connections.ts loads undici, which a master (this module's other user) never needs.
import type { HttpSettings } from '../engine/connections.ts';
import { DroveError, ExitCode } from '../errors.ts';

/** True when the environment names a proxy (either case, as curl and undici read them). */
export function proxyFromEnv(env: NodeJS.ProcessEnv): boolean {
	return Boolean(env['HTTP_PROXY'] || env['http_proxy'] || env['HTTPS_PROXY'] || env['https_proxy']);
}

/** The one line --insecure prints, from the process it was given to. */
export const insecureNotice = 'drove: --insecure: TLS certificates of the target are not verified; use only against a test target you trust\n';

/** A PEM file a flag names; unreadable: exit code 2 naming the flag. */
export async function readPem(path: string, flag: string): Promise<Buffer> {
	try {
		return await readFile(path);
	} catch (error) {
		throw new DroveError('TLS_FILE_UNREADABLE', `cannot read ${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.usage);
	}
}

/**
 * The engine's HTTP settings from the resolved flags.
 * @throws DroveError (exit code 2) when a PEM file cannot be read.
 */
export async function httpSettings(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<HttpSettings> {
	const tls = {
		...(config.insecure && { insecure: true }),
		...(config.caCert !== undefined && { ca: await readPem(config.caCert, '--ca-cert') }),
		...(config.clientCert !== undefined && { cert: await readPem(config.clientCert, '--client-cert') }),
		...(config.clientKey !== undefined && { key: await readPem(config.clientKey, '--client-key') }),
	};
	const proxy = config.proxy ?? (proxyFromEnv(env) ? 'env' : undefined);
	return {
		...(Object.keys(tls).length > 0 && { tls }),
		...(proxy !== undefined && { proxy }),
		...(config.http2 && { http2: true }),
	};
}
