/**
 * A run needs a target: `-H/--host`, or a `host` in every user class that runs. Without one
 * every request used to fail at run time, after the whole fleet had started. Pure.
 */
import { DroveError } from '../errors.ts';
import type { UserClass } from './user.ts';

/** Throws a one-line usage error (exit 2) naming the classes without a host, when `-H` is not given. */
export function requireHost(classes: readonly UserClass[], host: string | undefined): void {
	if (host !== undefined && host !== '') return;
	const lacking = classes.filter((c) => c.host === undefined || c.host === '').map((c) => c.name);
	if (lacking.length === 0) return;
	throw new DroveError('NO_HOST', `no host: give -H/--host or set host in the plan's user classes (${lacking.join(', ')} ${lacking.length === 1 ? 'lacks' : 'lack'} one)`);
}
