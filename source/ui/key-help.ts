/**
 * The keys, once: the footer shows the short forms that fit, the `?` view all of them.
 * What each key does is `dashboard-keys.ts`; the view keys come from the view table.
 */
import { views } from './views.tsx';

/** One key and what it does. */
export interface KeyHelp {
	keys: string;
	/** A word or two, for the footer. */
	short: string;
	/** A sentence, for the help view. */
	long: string;
}

/** In order of importance: the footer drops from the end when the terminal is narrow. */
export const keyHelp: readonly KeyHelp[] = [
	{ keys: 'w/W', short: '+1/+10', long: 'add 1 / 10 users' },
	{ keys: 's/S', short: '-1/-10', long: 'remove 1 / 10 users' },
	{ keys: 'u', short: 'users', long: 'type an exact user count (Enter sets it, Esc cancels)' },
	{ keys: 'r', short: 'rate', long: 'type a spawn rate, users per second for the whole fleet' },
	{ keys: 'Enter', short: 'start', long: 'start a run that is waiting (Space too)' },
	{ keys: 'p', short: 'stop', long: 'stop the users; the master and workers stay up' },
	{ keys: 'q', short: 'quit', long: 'quit (asks once while users run); Ctrl-C stops and quits' },
	{ keys: `1-${views.length}`, short: 'views', long: `${views.map((view) => view.title).join(', ')} (Tab / Shift-Tab cycle)` },
	{ keys: 'R', short: 'reset', long: 'reset the stats' },
	{ keys: 'o', short: 'sort', long: 'change the Stats view order' },
	{ keys: '?', short: 'help', long: 'this help (Esc or ? closes it)' },
	{ keys: 'g', short: 'shape', long: 'hand control back to the load shape (a ramp key pauses it)' },
];
