/**
 * What a worker says when the broker refuses its MQTT login (pure). On the master's embedded
 * broker a refused login means a missing or wrong join token; on an existing broker given with
 * `--broker` it means the credentials in that URL.
 */

/** Where the worker tried to log in. */
export interface LoginContext {
	/** The broker URL without credentials. */
	url: string;
	/** True for `--broker` (an existing broker), false for the master's embedded one. */
	external: boolean;
	workerId: string;
}

/**
 * The one line to print before exiting with a usage error, or undefined when `code` is not a
 * login refusal (mqtt.js reports network errors through the same event; those it retries).
 * @param code The CONNACK return code: 2 identifier rejected, 4 bad user name or password, 5 not authorized.
 */
export function loginRefusal(code: number | string | undefined, where: LoginContext): string | undefined {
	if (code === 4 || code === 5) {
		if (!where.external) return `the master refused this worker's token: pass the master's token with --token or DROVE_TOKEN`;
		const why = code === 4 ? 'bad user name or password' : 'not authorized';
		return `the broker at ${where.url} refused this worker's login (${why}): check the user name and password in the --broker URL`;
	}
	if (code === 2) return `the master refused the worker id ${where.workerId}`;
	return undefined;
}
