/**
 * What each key does, as a pure reducer: (UI state, key, run facts) → (UI state, commands).
 * The hook `use-dashboard-keys.ts` feeds it Ink's input and sends the commands to the
 * master; tests drive it directly. The keys and their help are one table, `keyTable`.
 */
import type { RunState } from './dashboard-model.ts';
import { statsSortKeys, type StatsSortKey } from './stats-sort.ts';
import { viewIds, views, type ViewId } from './views.tsx';

export { statsSortKeys, type StatsSortKey } from './stats-sort.ts';

/** An inline prompt in the footer: `u` types a user count, `r` a spawn rate. */
export interface Prompt {
	kind: 'users' | 'rate';
	/** What was typed so far. */
	text: string;
}

/** The dashboard's own state: which view, what is being typed. Not part of the run. */
export interface UiState {
	view: ViewId;
	help: boolean;
	sortKey: StatsSortKey;
	prompt?: Prompt;
	/** `q` was pressed once while users run; the next `q` quits. */
	confirmQuit: boolean;
	/** `quit()` was sent; the dashboard waits to be unmounted. */
	quitting: boolean;
	/** One line for the footer, e.g. why a key did nothing. */
	notice?: string;
	/** The worker picked with the arrow keys in the Workers view. */
	selected?: string;
	/** The selected worker's details are open (Enter); Esc closes them. */
	drill: boolean;
	/** The join command shows its token. */
	revealToken: boolean;
}

/** A call to make on the master. */
export type Command =
	| { type: 'setUsers'; users: number }
	| { type: 'setSpawnRate'; rate: number }
	| { type: 'start' }
	| { type: 'stopUsers' }
	| { type: 'resetStats' }
	| { type: 'resumeShape' }
	| { type: 'quit' }
	| { type: 'copyJoin' };

/** What the reducer needs to know about the run. */
export interface RunFacts {
	state: RunState;
	targetUsers: number;
	/** Worker ids in the Workers view's order (the arrow keys walk it). */
	workerIds?: readonly string[];
	/** A join command is on offer (t shows its token, c copies it). */
	canJoin?: boolean;
	/** A load shape sets the users: Enter runs it (again), no user count needed. */
	shaped?: boolean;
}

/** A key, normalised: one printable character, or a named key. */
export type KeyToken = string;
export const named = {
	enter: '<enter>',
	escape: '<escape>',
	tab: '<tab>',
	backTab: '<shift-tab>',
	backspace: '<backspace>',
	ctrlC: '<ctrl-c>',
	up: '<up>',
	down: '<down>',
} as const;

/** The initial UI state. */
export function initialUiState(view: ViewId = 'stats'): UiState {
	return { view, help: false, sortKey: 'requests', confirmQuit: false, quitting: false, drill: false, revealToken: false };
}

/** Largest user count the prompt accepts (a typo guard, not a product limit). */
export const maxUsers = 1_000_000;

/** Run states in which Enter/Space starts the run. */
const startable: ReadonlySet<RunState> = new Set(['waiting', 'ready', 'stopped']);
/** Run states in which `q` asks before quitting. */
const busy: ReadonlySet<RunState> = new Set(['spawning', 'running']);

function typeInto(state: UiState, prompt: Prompt, token: KeyToken): { state: UiState; commands: Command[] } {
	if (token === named.escape) return { state: { ...state, prompt: undefined, notice: undefined }, commands: [] };
	if (token === named.backspace) {
		return { state: { ...state, prompt: { ...prompt, text: prompt.text.slice(0, -1) } }, commands: [] };
	}
	if (token === named.enter) {
		const value = Number(prompt.text);
		const closed = { ...state, prompt: undefined, notice: undefined };
		if (prompt.text === '' || !Number.isFinite(value)) {
			return { state: { ...closed, notice: `not a number: "${prompt.text}"` }, commands: [] };
		}
		if (prompt.kind === 'users') {
			if (!Number.isInteger(value) || value < 0 || value > maxUsers) {
				return { state: { ...closed, notice: `users must be a whole number 0..${maxUsers}` }, commands: [] };
			}
			return { state: closed, commands: [{ type: 'setUsers', users: value }] };
		}
		if (value <= 0) return { state: { ...closed, notice: 'spawn rate must be above 0' }, commands: [] };
		return { state: closed, commands: [{ type: 'setSpawnRate', rate: value }] };
	}
	// A refused key says why, where the person is looking, instead of vanishing.
	const refused = promptRefusal(prompt, token);
	if (refused !== undefined) return { state: { ...state, notice: refused }, commands: [] };
	return { state: { ...state, notice: undefined, prompt: { ...prompt, text: prompt.text + token } }, commands: [] };
}

/** Longest text a prompt takes. */
const promptMaxLength = 9;

/** Why `token` cannot be typed into `prompt`, or undefined when it can. */
function promptRefusal(prompt: Prompt, token: KeyToken): string | undefined {
	const digits = /^[0-9]$/.test(token);
	if (prompt.kind === 'users' && !digits) return 'users: digits only';
	if (prompt.kind === 'rate' && !digits && token !== '.') return 'spawn rate: digits and "." only';
	if (token === '.' && prompt.text.includes('.')) return 'spawn rate: one "." only';
	if (prompt.text.length >= promptMaxLength) return `at most ${promptMaxLength} characters`;
	return undefined;
}

/** What a key does: the next UI state and the calls to make on the master. */
export interface KeyOutcome {
	state: UiState;
	commands: Command[];
}

/** What a key's action reads: the state before the key, and `base` (it with the quit question and notice taken back). */
interface KeyContext {
	state: UiState;
	base: UiState;
	run: RunFacts;
}

type KeyAction = (k: KeyContext) => KeyOutcome;

/** One row of the key table: the keys as the help shows them, and the action of each token. */
export interface KeyBinding {
	keys: string;
	/** A word or two, for the footer. */
	short: string;
	/** A sentence, for the help view. */
	long: string;
	on: Readonly<Record<KeyToken, KeyAction>>;
}

const users = (delta: number): KeyAction => ({ base, run }) => {
	const next = Math.max(0, Math.min(maxUsers, run.targetUsers + delta));
	return { state: base, commands: next === run.targetUsers ? [] : [{ type: 'setUsers', users: next }] };
};
const prompt = (kind: Prompt['kind']): KeyAction => ({ base }) => ({ state: { ...base, prompt: { kind, text: '' } }, commands: [] });
const command = (type: 'stopUsers' | 'resetStats' | 'resumeShape'): KeyAction => ({ base }) => ({ state: base, commands: [{ type }] });
const showView = (step: (index: number) => number): KeyAction => ({ state, base }) => ({
	state: { ...base, view: viewIds[(step(viewIds.indexOf(state.view)) + viewIds.length) % viewIds.length]!, help: false, drill: false },
	commands: [],
});
const start: KeyAction = ({ base, run }) => {
	if (!startable.has(run.state)) return { state: base, commands: [] };
	if (run.targetUsers <= 0 && !run.shaped) return { state: { ...base, prompt: { kind: 'users', text: '' }, notice: 'set a user count first' }, commands: [] };
	return { state: base, commands: [{ type: 'start' }] };
};
const quit: KeyAction = ({ state, base, run }) => {
	if (busy.has(run.state) && !state.confirmQuit) {
		return { state: { ...base, confirmQuit: true, notice: 'users are running: press q again to quit' }, commands: [] };
	}
	return { state: { ...base, quitting: true }, commands: [{ type: 'quit' }] };
};

/**
 * The keys, once: what each does, and the help the footer (short forms that fit, dropped from the
 * end when the terminal is narrow, so in order of importance) and the `?` view (all) show. A view's
 * key is its place in the view table. Keys are Locust's headless ones where they exist.
 */
export const keyTable: readonly KeyBinding[] = [
	{ keys: 'w/W', short: '+1/+10', long: 'add 1 / 10 users', on: { w: users(1), W: users(10) } },
	{ keys: 's/S', short: '-1/-10', long: 'remove 1 / 10 users', on: { s: users(-1), S: users(-10) } },
	{ keys: 'u', short: 'users', long: 'type an exact user count (Enter sets it, Esc cancels)', on: { u: prompt('users') } },
	{ keys: 'r', short: 'rate', long: 'type a spawn rate, users per second for the whole fleet', on: { r: prompt('rate') } },
	{ keys: 'Enter', short: 'start', long: 'start a run that is waiting (Space too); with a load shape, run the shape from its first stage', on: { [named.enter]: start, ' ': start } },
	{ keys: 'p', short: 'stop', long: 'stop the users; the master and workers stay up', on: { p: command('stopUsers') } },
	{ keys: 'q', short: 'quit', long: 'quit (asks once while users run); Ctrl-C stops and quits', on: { q: quit } },
	{
		keys: `1-${views.length}`,
		short: 'views',
		long: `${views.map((view) => view.title).join(', ')} (Tab / Shift-Tab cycle)`,
		on: {
			...Object.fromEntries(viewIds.map((id, index): [KeyToken, KeyAction] => [String(index + 1), ({ base }) => ({ state: { ...base, view: id, help: false, drill: false }, commands: [] })])),
			[named.tab]: showView((index) => index + 1),
			[named.backTab]: showView((index) => index - 1),
		},
	},
	{ keys: 'R', short: 'reset', long: 'reset the stats', on: { R: command('resetStats') } },
	{
		keys: 'o',
		short: 'sort',
		long: 'change the Stats view order',
		on: { o: ({ state, base }) => ({ state: { ...base, sortKey: statsSortKeys[(statsSortKeys.indexOf(state.sortKey) + 1) % statsSortKeys.length]! }, commands: [] }) },
	},
	{
		keys: '?',
		short: 'help',
		long: 'this help (Esc or ? closes it)',
		on: { '?': ({ state, base }) => ({ state: { ...base, help: !state.help }, commands: [] }), [named.escape]: ({ base }) => ({ state: { ...base, help: false }, commands: [] }) },
	},
	{ keys: 'g', short: 'shape', long: 'hand control back to the load shape (a ramp key pauses it)', on: { g: command('resumeShape') } },
	// The Workers view's own keys: `workerKey` below handles them there (elsewhere they do nothing).
	{ keys: '↑/↓', short: 'pick worker', long: 'Workers view: select a worker; Enter opens its own endpoints, CPU/memory and log (Esc back)', on: {} },
	{ keys: 't/c', short: 'join token/copy', long: 'Workers view, while workers are expected: show the join token, copy the join command (OSC 52)', on: {} },
];

/** Every token's action, from the table. */
const actions = new Map<KeyToken, KeyAction>(keyTable.flatMap((binding) => Object.entries(binding.on)));

/**
 * Apply one key. `run.targetUsers` is the base for w/W/s/S; the caller passes the target as
 * updated by earlier keys of the same burst, so "www" adds three.
 */
export function reduceKey(state: UiState, token: KeyToken, run: RunFacts): KeyOutcome {
	if (token === named.ctrlC) return { state: { ...state, prompt: undefined, quitting: true }, commands: [{ type: 'quit' }] };
	if (state.quitting) return { state, commands: [] };
	if (state.prompt) return typeInto(state, state.prompt, token);
	// Any key but a second q takes back the "press q again" question.
	const base: UiState = { ...state, confirmQuit: false, notice: undefined };
	const workers = workerKey(base, token, run);
	if (workers !== undefined) return workers;
	return actions.get(token)?.({ state, base, run }) ?? { state: base, commands: [] };
}

/**
 * The Workers view's own keys: ↑/↓ select a worker, Enter opens the selected one's details
 * and Esc closes them; t shows or hides the join token, c copies the join command. Undefined
 * for a key that is not one of these here, so the common keys apply.
 */
function workerKey(state: UiState, token: KeyToken, run: RunFacts): { state: UiState; commands: Command[] } | undefined {
	if (state.view !== 'workers' || state.help) return undefined;
	const ids = run.workerIds ?? [];
	if (token === named.up || token === named.down) {
		if (ids.length === 0) return { state, commands: [] };
		const at = state.selected === undefined ? -1 : ids.indexOf(state.selected);
		const next = at === -1 ? (token === named.down ? 0 : ids.length - 1) : Math.max(0, Math.min(ids.length - 1, at + (token === named.down ? 1 : -1)));
		return { state: { ...state, selected: ids[next] }, commands: [] };
	}
	// Enter opens a worker only once one was picked: before that it starts a waiting run, as elsewhere.
	if (token === named.enter && !state.drill && state.selected !== undefined && ids.includes(state.selected)) return { state: { ...state, drill: true }, commands: [] };
	if (token === named.escape && state.drill) return { state: { ...state, drill: false }, commands: [] };
	if (token === 't' && run.canJoin) return { state: { ...state, revealToken: !state.revealToken }, commands: [] };
	if (token === 'c' && run.canJoin) return { state: { ...state, notice: 'join command copied (if your terminal allows OSC 52)' }, commands: [{ type: 'copyJoin' }] };
	return undefined;
}

/**
 * Split what Ink's `useInput` delivers into keys. Ink hands over a burst of plain characters
 * (typed fast, or pasted) as one string, so each character is a key of its own; control
 * characters inside a burst are mapped by hand.
 */
export function splitKeys(
	input: string,
	key: { return?: boolean; escape?: boolean; tab?: boolean; shift?: boolean; backspace?: boolean; delete?: boolean; ctrl?: boolean; upArrow?: boolean; downArrow?: boolean },
): KeyToken[] {
	if (key.upArrow) return [named.up];
	if (key.downArrow) return [named.down];
	if (key.ctrl && input === 'c') return [named.ctrlC];
	if (key.return) return [named.enter];
	if (key.tab) return [key.shift ? named.backTab : named.tab];
	if (key.backspace || key.delete) return [named.backspace];
	if (key.escape && input === '') return [named.escape];
	if (key.ctrl) return [];
	const tokens: KeyToken[] = [];
	for (const char of input) {
		if (char === '\r' || char === '\n') tokens.push(named.enter);
		else if (char === '\t') tokens.push(named.tab);
		else if (char === '\x7f' || char === '\b') tokens.push(named.backspace);
		else if (char === '\x03') tokens.push(named.ctrlC);
		else if (char === '\x1b') tokens.push(named.escape);
		else if (char >= ' ') tokens.push(char);
	}
	return tokens;
}
