/**
 * A self-signed certificate for 127.0.0.1, made fresh for a test: for the master's --tls-cert /
 * --tls-key, a Mosquitto TLS listener, and clients that trust it through `ca`. node:crypto can
 * parse certificates but not issue them, so this runs `openssl` (Debian's openssl package,
 * which .ci/run installs).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate and its key, as files and as PEM text. */
export interface SelfSignedCertificate {
	/** Temp dir holding both files. */
	readonly dir: string;
	/** PEM certificate file: the server's --tls-cert, and what a client passes as its CA. */
	readonly certPath: string;
	/** PEM private key file (unencrypted): the server's --tls-key. */
	readonly keyPath: string;
	/** The certificate, PEM. */
	readonly cert: string;
	/** The key, PEM. */
	readonly key: string;
	/** Removes the temp dir. Safe to call twice. */
	cleanup(): void;
}

/**
 * Makes an RSA 2048 certificate valid for one day, for CN and subjectAltName IP 127.0.0.1, so
 * clients connecting to 127.0.0.1 verify it by name once they trust it.
 * @throws when openssl is missing or fails (its stderr is in the message).
 */
export async function makeSelfSignedCertificate(): Promise<SelfSignedCertificate> {
	const dir = mkdtempSync(join(tmpdir(), 'drove-tls-'));
	const certPath = join(dir, 'cert.pem');
	const keyPath = join(dir, 'key.pem');
	const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
	try {
		await run('openssl', [
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
			'-keyout', keyPath, '-out', certPath,
			'-subj', '/CN=127.0.0.1',
			'-addext', 'subjectAltName=IP:127.0.0.1',
			'-days', '1',
		]);
	} catch (error) {
		cleanup();
		const { code, stderr } = error as { code?: string; stderr?: string };
		if (code === 'ENOENT') throw new Error('openssl is not installed (Debian: apt-get install openssl; .ci/run does it)', { cause: error });
		throw new Error(`openssl could not make a certificate: ${stderr ?? String(error)}`, { cause: error });
	}
	return { dir, certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), cleanup };
}
