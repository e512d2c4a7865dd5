/**
 * What each key does, as a pure reducer: (UI state, key, run facts) → (UI state, commands).
 * The hook `use-dashboard-keys.ts` feeds it Ink's input and sends the commands to the
 * master; tests drive it directly. Keys are Locust's headless ones where they exist.
 */
import type { RunState } from './dashboard-model.ts';
import { statsSortKeys, type StatsSortKey } from './stats-sort.ts';
import { viewIds, type ViewId } from './views.tsx';

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
}

/** A call to make on the master. */
export type Command =
	| { type: 'setUsers'; users: number }
	| { type: 'setSpawnRate'; rate: number }
	| { type: 'start' }
	| { type: 'stopUsers' }
	| { type: 'resetStats' }
	| { type: 'resumeShape' }
	| { type: 'quit' };

/** What the reducer needs to know about the run. */
export interface RunFacts {
	state: RunState;
	targetUsers: number;
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
} as const;

/** The initial UI state. */
export function initialUiState(view: ViewId = 'stats'): UiState {
	return { view, help: false, sortKey: 'requests', confirmQuit: false, quitting: false };
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
	const allowed = prompt.kind === 'users' ? /^[0-9]$/ : /^[0-9.]$/;
	if (allowed.test(token) && prompt.text.length < 9) {
		return { state: { ...state, prompt: { ...prompt, text: prompt.text + token } }, commands: [] };
	}
	return { state, commands: [] };
}

/**
 * Apply one key. `run.targetUsers` is the base for w/W/s/S; the caller passes the target as
 * updated by earlier keys of the same burst, so "www" adds three.
 */
export function reduceKey(state: UiState, token: KeyToken, run: RunFacts): { state: UiState; commands: Command[] } {
	if (token === named.ctrlC) return { state: { ...state, prompt: undefined, quitting: true }, commands: [{ type: 'quit' }] };
	if (state.quitting) return { state, commands: [] };
	if (state.prompt) return typeInto(state, state.prompt, token);

	// Any key but a second q takes back the "press q again" question.
	const base: UiState = { ...state, confirmQuit: false, notice: undefined };
	const users = (delta: number): { state: UiState; commands: Command[] } => {
		const next = Math.max(0, Math.min(maxUsers, run.targetUsers + delta));
		return { state: base, commands: next === run.targetUsers ? [] : [{ type: 'setUsers', users: next }] };
	};
	const index = viewIds.indexOf(state.view);

	// A view's key is its place in the view table.
	const picked = /^[1-9]$/.test(token) ? viewIds[Number(token) - 1] : undefined;
	if (picked !== undefined) return { state: { ...base, view: picked, help: false }, commands: [] };

	switch (token) {
		case named.tab:
			return { state: { ...base, view: viewIds[(index + 1) % viewIds.length]!, help: false }, commands: [] };
		case named.backTab:
			return { state: { ...base, view: viewIds[(index + viewIds.length - 1) % viewIds.length]!, help: false }, commands: [] };
		case '?':
			return { state: { ...base, help: !state.help }, commands: [] };
		case named.escape:
			return { state: { ...base, help: false }, commands: [] };
		case 'o': {
			const at = statsSortKeys.indexOf(state.sortKey);
			return { state: { ...base, sortKey: statsSortKeys[(at + 1) % statsSortKeys.length]! }, commands: [] };
		}
		case 'w': return users(1);
		case 'W': return users(10);
		case 's': return users(-1);
		case 'S': return users(-10);
		case 'u': return { state: { ...base, prompt: { kind: 'users', text: '' } }, commands: [] };
		case 'r': return { state: { ...base, prompt: { kind: 'rate', text: '' } }, commands: [] };
		case named.enter:
		case ' ':
			if (!startable.has(run.state)) return { state: base, commands: [] };
			if (run.targetUsers <= 0) {
				return { state: { ...base, prompt: { kind: 'users', text: '' }, notice: 'set a user count first' }, commands: [] };
			}
			return { state: base, commands: [{ type: 'start' }] };
		case 'p': return { state: base, commands: [{ type: 'stopUsers' }] };
		case 'R': return { state: base, commands: [{ type: 'resetStats' }] };
		case 'g': return { state: base, commands: [{ type: 'resumeShape' }] };
		case 'q':
			if (busy.has(run.state) && !state.confirmQuit) {
				return { state: { ...base, confirmQuit: true, notice: 'users are running: press q again to quit' }, commands: [] };
			}
			return { state: { ...base, quitting: true }, commands: [{ type: 'quit' }] };
		default:
			return { state: base, commands: [] };
	}
}

/**
 * Split what Ink's `useInput` delivers into keys. Ink hands over a burst of plain characters
 * (typed fast, or pasted) as one string, so each character is a key of its own; control
 * characters inside a burst are mapped by hand.
 */
export function splitKeys(
	input: string,
	key: { return?: boolean; escape?: boolean; tab?: boolean; shift?: boolean; backspace?: boolean; delete?: boolean; ctrl?: boolean },
): KeyToken[] {
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
