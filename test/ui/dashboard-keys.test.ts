import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialUiState, named, reduceKey, splitKeys, type Command, type RunFacts, type UiState } from '../../source/ui/dashboard-keys.ts';

function run(tokens: string[], facts: RunFacts, state: UiState = initialUiState()): { state: UiState; commands: Command[] } {
	const commands: Command[] = [];
	let target = facts.targetUsers;
	for (const token of tokens) {
		const result = reduceKey(state, token, { ...facts, targetUsers: target });
		state = result.state;
		for (const command of result.commands) {
			if (command.type === 'setUsers') target = command.users;
			commands.push(command);
		}
	}
	return { state, commands };
}

void test('splitKeys turns a burst into keys, control characters included', () => {
	assert.deepEqual(splitKeys('wwS', {}), ['w', 'w', 'S']);
	assert.deepEqual(splitKeys('u12\r', {}), ['u', '1', '2', named.enter]);
	assert.deepEqual(splitKeys('', { return: true }), [named.enter]);
	assert.deepEqual(splitKeys('', { tab: true, shift: true }), [named.backTab]);
	assert.deepEqual(splitKeys('c', { ctrl: true }), [named.ctrlC]);
	assert.deepEqual(splitKeys('', { escape: true }), [named.escape]);
	assert.deepEqual(splitKeys('x', { ctrl: true }), []);
});

void test('w W s S and the prompts produce controller calls', () => {
	const facts: RunFacts = { state: 'running', targetUsers: 5 };
	assert.deepEqual(run(['w', 'W', 's', 'S', 'S'], facts).commands.map((c) => (c.type === 'setUsers' ? c.users : c.type)), [6, 16, 15, 5, 0]);
	assert.deepEqual(run(['u', '4', '2', named.enter], facts).commands, [{ type: 'setUsers', users: 42 }]);
	assert.deepEqual(run(['r', '0', '.', '5', named.enter], facts).commands, [{ type: 'setSpawnRate', rate: 0.5 }]);
	assert.deepEqual(run(['u', '9', named.escape], facts).commands, []);
	assert.deepEqual(run(['p', 'R'], facts).commands, [{ type: 'stopUsers' }, { type: 'resetStats' }]);
});

void test('a typed user count above the guard is refused with a notice', () => {
	const result = run(['u', ...'9999999'.split(''), named.enter], { state: 'running', targetUsers: 5 });
	assert.deepEqual(result.commands, []);
	assert.match(result.state.notice ?? '', /whole number/);
});

void test('Enter/Space start only a run that is not running', () => {
	assert.deepEqual(run([named.enter], { state: 'ready', targetUsers: 10 }).commands, [{ type: 'start' }]);
	assert.deepEqual(run([' '], { state: 'stopped', targetUsers: 10 }).commands, [{ type: 'start' }]);
	assert.deepEqual(run([named.enter], { state: 'running', targetUsers: 10 }).commands, []);
	const empty = run([named.enter], { state: 'ready', targetUsers: 0 });
	assert.deepEqual(empty.commands, []);
	assert.equal(empty.state.prompt?.kind, 'users');
	// A shape that ended at 0 users: Enter runs the shape again, no user count asked.
	assert.deepEqual(run([named.enter], { state: 'stopped', targetUsers: 0, shaped: true }).commands, [{ type: 'start' }]);
});

void test('q asks while users run, Ctrl-C never asks, and after quitting keys do nothing', () => {
	const once = run(['q'], { state: 'spawning', targetUsers: 10 });
	assert.deepEqual(once.commands, []);
	assert.equal(once.state.confirmQuit, true);
	assert.deepEqual(run(['q', 'q'], { state: 'running', targetUsers: 10 }).commands, [{ type: 'quit' }]);
	assert.deepEqual(run(['q'], { state: 'ready', targetUsers: 10 }).commands, [{ type: 'quit' }]);
	assert.deepEqual(run([named.ctrlC], { state: 'running', targetUsers: 10 }).commands, [{ type: 'quit' }]);
	const after = run(['q', 'w', 'p'], { state: 'stopped', targetUsers: 10 });
	assert.deepEqual(after.commands, [{ type: 'quit' }]);
	assert.equal(after.state.quitting, true);
});

void test('views: numbers, Tab both ways, help', () => {
	const facts: RunFacts = { state: 'running', targetUsers: 1 };
	assert.equal(run(['3'], facts).state.view, 'charts');
	assert.equal(run([named.tab, named.tab], facts).state.view, 'charts');
	assert.equal(run([named.backTab], facts).state.view, 'log');
	assert.equal(run(['?'], facts).state.help, true);
	assert.equal(run(['?', '2'], facts).state.help, false);
	assert.equal(run(['o'], facts).state.sortKey, 'failures');
});
