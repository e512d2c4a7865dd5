/**
 * The command a person runs on each worker machine to join this master, built once from
 * plain facts (how the master listens, the token, the machine's addresses), so stderr, the
 * dashboard's Workers view and the expect-workers error all name the same place. Pure: the
 * caller reads os.networkInterfaces() (see `reachableAddresses`).
 */
import { shellQuote } from '../config/to-argv.ts';
import { bareUrl } from '../protocol/client-options.ts';

/** What the join command is built from. */
export interface JoinFacts {
	/** `--broker`: the workers meet the master there, each with its own login. */
	broker?: string;
	/** The embedded broker's bind address (`0.0.0.0`, `::` or one address). */
	bindHost: string;
	/** The embedded broker's real port. */
	port: number;
	/** `--tls-cert`: the embedded broker speaks TLS; workers trust this certificate. */
	tlsCert?: string;
	cluster: string;
	/** Worker processes per worker machine; default -1 (one per core of that machine). */
	processes?: number;
	/** The token workers must present, and whether the master made it up (so may print it). */
	token?: { value: string; generated: boolean };
	/** The machine's non-loopback addresses, preferred first (see `reachableAddresses`). */
	addresses: readonly string[];
	/** Used when the machine has no non-loopback address (an isolated box). */
	hostname: string;
}

/** Where workers connect, and the command that gets them there. */
export interface JoinCommand {
	/** Where the command sends workers, e.g. `mqtt://10.0.0.5:5557`. */
	url: string;
	/** Other addresses of this machine the master listens on, for workers on another network. */
	otherHosts: string[];
	/** The command without the token, e.g. `drove --worker --master-host=10.0.0.5 ...`. */
	command: string;
	/** The token for DROVE_TOKEN; undefined when none is needed. */
	token?: string;
	/** The person gave the token: printed lines say `<your --token>`, only the dashboard shows it when asked. */
	tokenGiven: boolean;
	/** Workers put their own broker login in the --broker URL. */
	ownLogin: boolean;
}

/** Addresses that mean "every interface". */
const ANY = new Set(['0.0.0.0', '::', '*']);

/** An IPv6 literal in a URL needs brackets. */
function urlHost(host: string): string {
	return host.includes(':') ? `[${host}]` : host;
}

/** Builds the join command from `facts`. */
export function joinCommand(facts: JoinFacts): JoinCommand {
	const flags: string[] = [];
	let url: string;
	let otherHosts: string[] = [];
	if (facts.broker !== undefined) {
		// The broker URL without the master's own login: each worker brings its own.
		url = bareUrl({ url: facts.broker });
		flags.push(`--broker=${url}`);
	} else {
		const any = ANY.has(facts.bindHost);
		// Bound to every IPv4 interface, an IPv6 address would not reach it.
		const candidates = any ? facts.addresses.filter((address) => facts.bindHost === '::' || !address.includes(':')) : [facts.bindHost];
		// A certificate names a host, not an address: a TLS master goes by its hostname.
		const byName = any && facts.tlsCert !== undefined;
		const host = byName ? facts.hostname : (candidates[0] ?? facts.hostname);
		otherHosts = byName ? candidates : candidates.slice(1);
		if (facts.tlsCert !== undefined) {
			url = `mqtts://${urlHost(host)}:${facts.port}`;
			flags.push(`--broker=${url}`, `--tls-ca=${shellQuote(facts.tlsCert)}`);
		} else {
			url = `mqtt://${urlHost(host)}:${facts.port}`;
			flags.push(`--master-host=${host}`, `--master-port=${facts.port}`);
		}
	}
	if (facts.cluster !== 'default') flags.push(`--cluster=${shellQuote(facts.cluster)}`);
	flags.push(`--processes ${facts.processes ?? -1}`);
	return {
		url,
		otherHosts,
		command: `drove --worker ${flags.join(' ')}`,
		token: facts.token?.value,
		tokenGiven: facts.token !== undefined && !facts.token.generated,
		ownLogin: facts.broker !== undefined,
	};
}

/** Stands for a token that is not shown. */
export const MASKED_TOKEN = '••••••••';

/**
 * The full line to paste on a worker machine. The token shows only with `reveal`: the
 * dashboard hides it until the person asks (a token the person gave too: it is theirs).
 */
export function joinLine(join: JoinCommand, options: { reveal: boolean }): string {
	if (join.token === undefined) return join.command;
	return `DROVE_TOKEN=${options.reveal ? shellQuote(join.token) : MASKED_TOKEN} ${join.command}`;
}

/** What the master prints to stderr when it starts, and again after the dashboard exits. */
export function joinInstructions(join: JoinCommand): string {
	const lines = [`drove master listening at ${join.url}`];
	if (join.otherHosts.length > 0) lines.push(`also reachable at: ${join.otherHosts.join(', ')} (use one in --master-host if workers are on another network)`);
	if (join.tokenGiven) {
		// The person's own token is not echoed into scrollback and CI logs.
		lines.push(`join with: DROVE_TOKEN=<your --token> ${join.command}`);
	} else {
		if (join.token !== undefined) lines.push(`join token (generated for this run): ${join.token}`);
		lines.push(`join with: ${joinLine(join, { reveal: true })}`);
	}
	if (join.ownLogin) lines.push('(workers put their own broker login in the --broker URL)');
	return `${lines.join('\n')}\n`;
}

/** One interface address, as os.networkInterfaces() lists it. */
export interface InterfaceAddress {
	address: string;
	family: string | number;
	internal: boolean;
}

/**
 * The addresses other machines may reach this one at, from os.networkInterfaces(): no
 * loopback, no link-local IPv6 (it needs a zone the worker's side would not know); IPv4 first,
 * then IPv6, each in the order the system lists them.
 */
export function reachableAddresses(interfaces: Record<string, readonly InterfaceAddress[] | undefined>): string[] {
	const all = Object.values(interfaces).flatMap((list) => list ?? []).filter((entry) => !entry.internal);
	const v4 = all.filter((entry) => entry.family === 'IPv4' || entry.family === 4).map((entry) => entry.address);
	const v6 = all
		.filter((entry) => (entry.family === 'IPv6' || entry.family === 6) && !/^fe[89ab]/i.test(entry.address))
		.map((entry) => entry.address);
	return [...new Set([...v4, ...v6])].filter((address) => !address.startsWith('127.') && address !== '::1');
}
