import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOG_LIMIT, activeWorkerIds, logEntryText, initialMasterState, reduceMaster, runningUsers, retiredUsers } from '../../source/master/master-state.ts';
import type { MasterAction, MasterState } from '../../source/master/master-state.ts';

const run = (state: MasterState, ...actions: MasterAction[]) => actions.reduce(reduceMaster, state);
const join = (id: string, now = 0): MasterAction => ({ type: 'worker-joined', now, id, hostname: 'h', pid: 1, planHash: null });
const beat = (id: string, now: number, users: Record<string, number> = {}, state: 'ready' | 'running' | 'spawning' = 'running'): MasterAction => ({
	type: 'heartbeats',
	now,
	beats: [{ id, state, users, cpuPercent: 5, rssBytes: 1000 }],
});

void test('waits for the expected workers, then is ready', () => {
	let state = initialMasterState({ expectWorkers: 2, targetUsers: 10, spawnRate: 5 });
	assert.equal(state.runState, 'waiting');
	state = run(state, join('a'));
	assert.equal(state.runState, 'waiting');
	state = run(state, join('b'));
	assert.equal(state.runState, 'ready');
	assert.deepEqual(activeWorkerIds(state), ['a', 'b']);
});

void test('start, ramp to the assigned users, run, stop', () => {
	let state = run(initialMasterState({ targetUsers: 4, spawnRate: 2 }), join('a'), join('b'), { type: 'start', now: 10 });
	assert.equal(state.runState, 'spawning');
	assert.equal(state.startedAt, 10);
	state = run(state, { type: 'dispatched', now: 11, assignments: { a: { A: 2 }, b: { A: 2 } } }, beat('a', 12, { A: 2 }));
	assert.equal(state.runState, 'spawning');
	state = run(state, beat('b', 12, { A: 2 }));
	assert.equal(state.runState, 'running');
	assert.equal(runningUsers(state), 4);
	state = run(state, { type: 'set-target', now: 13, users: 6 });
	assert.equal(state.runState, 'spawning');
	state = run(state, { type: 'stop', now: 14, deadline: 1000, countedSeqs: {} });
	assert.equal(state.runState, 'stopping');
	// Confirmed by a worker only once its last delta is counted.
	state = run(state, { type: 'worker-status', now: 15, id: 'a', state: 'stopped', lastSeq: 3 }, { type: 'worker-status', now: 15, id: 'b', state: 'stopped', lastSeq: 2 });
	state = run(state, { type: 'tick', now: 16, missingAfterMs: 3000, countedSeqs: { a: 3, b: 1 } });
	assert.equal(state.runState, 'stopping');
	state = run(state, { type: 'tick', now: 17, missingAfterMs: 3000, countedSeqs: { a: 3, b: 2 } });
	assert.equal(state.runState, 'stopped');
	assert.equal(state.stoppedAt, 17);
	assert.equal(state.log.at(-1)?.text, 'test stopped');
});

void test('a stop with no active worker completes at once; one past its deadline names who did not confirm', () => {
	const empty = run(initialMasterState({ targetUsers: 1 }), { type: 'start', now: 1 }, { type: 'stop', now: 2, deadline: 100, countedSeqs: {} });
	assert.equal(empty.runState, 'stopped');
	let state = run(initialMasterState({ targetUsers: 1 }), join('a'), { type: 'start', now: 1 }, { type: 'stop', now: 2, deadline: 100, countedSeqs: {} });
	state = run(state, beat('a', 50), { type: 'tick', now: 99, missingAfterMs: 3000, countedSeqs: {} });
	assert.equal(state.runState, 'stopping');
	state = run(state, { type: 'tick', now: 100, missingAfterMs: 3000, countedSeqs: {} });
	assert.equal(state.runState, 'stopped');
	assert.match(state.log.map((l) => l.text).join('\n'), /stopped without confirmation from a/);
});

void test('log entries about a worker carry its id as the source, not in the text', () => {
	const state = run(initialMasterState(), join('w1', 5));
	assert.deepEqual(state.log.at(-1), { at: 5, level: 'info', source: 'w1', text: 'joined (h, pid 1)' });
});

void test('a silent worker is missing after the limit; its Last Will is missing at once; a quit is left', () => {
	let state = run(initialMasterState(), join('a', 0), join('b', 0), join('c', 0), beat('a', 1000), beat('b', 1000), beat('c', 1000));
	state = run(state, { type: 'tick', now: 3500, missingAfterMs: 3000, countedSeqs: {} });
	assert.equal(state.workers.a?.state, 'running');
	state = run(state, beat('b', 3600), beat('c', 3600), { type: 'tick', now: 4100, missingAfterMs: 3000, countedSeqs: {} });
	assert.equal(state.workers.a?.state, 'missing');
	assert.match(logEntryText(state.log.at(-1)!), /worker a is missing/);
	state = run(state, { type: 'worker-status', now: 4200, id: 'b', state: 'offline', reason: 'connection lost' });
	assert.equal(state.workers.b?.state, 'missing');
	state = run(state, { type: 'worker-status', now: 4300, id: 'c', state: 'offline', reason: 'quit' });
	assert.equal(state.workers.c?.state, 'left');
	assert.deepEqual(activeWorkerIds(state), []);
	// A missing worker that beats again is back; one that says hello again rejoins at the end.
	state = run(state, beat('a', 5000), join('b', 5001));
	assert.deepEqual(activeWorkerIds(state), ['a', 'b']);
	assert.match(state.log.map(logEntryText).join('\n'), /worker a is back[\s\S]*worker b rejoined/);
});

void test('malformed and refused messages are counted and logged with topic and reason, and the log stays bounded', () => {
	let state = initialMasterState();
	for (let i = 0; i < LOG_LIMIT + 20; i++) {
		state = reduceMaster(state, { type: 'malformed', now: i, topic: 'worker-stats', reason: 'bad-json', detail: 'x', from: 'w' });
	}
	state = run(state, { type: 'malformed', now: 1, topic: 'worker-hello', reason: 'version', detail: 'protocol 2.0' });
	state = run(state, { type: 'refused', now: 1, kind: 'publish', clientId: 'w', detail: 'may not publish to cmd/all' });
	assert.equal(state.malformed, LOG_LIMIT + 21);
	assert.equal(state.refused, 1);
	const text = state.log.map(logEntryText).join('\n');
	assert.match(text, /dropped a version message on worker-hello: protocol 2\.0/);
	assert.match(text, /broker refused publish by w: may not publish to cmd\/all/);
	assert.equal(state.log.length, LOG_LIMIT);
});

void test('the reducer never mutates its input', () => {
	const state = run(initialMasterState(), join('a'));
	const frozen = JSON.stringify(state);
	run(state, beat('a', 5, { A: 1 }), { type: 'start', now: 6 }, { type: 'tick', now: 99999, missingAfterMs: 3000, countedSeqs: {} }, { type: 'reset-stats', now: 7 });
	assert.equal(JSON.stringify(state), frozen);
});

void test('a start after a stop is a new test: its clock starts afresh and self-stopped users count no more', () => {
	const stopAt = (now: number): MasterAction => ({ type: 'stop', now, deadline: now, countedSeqs: {} });
	let state = run(initialMasterState({ targetUsers: 4, spawnRate: 2 }), join('a'), { type: 'start', now: 10 });
	state = run(state, { type: 'heartbeats', now: 11, beats: [{ id: 'a', state: 'running', users: { A: 3 }, stoppedByPlan: { A: 1 }, cpuPercent: 1, rssBytes: 1 }] });
	assert.deepEqual(retiredUsers(state), { A: 1 }, 'the master deals one fewer A');
	state = run(state, stopAt(20), { type: 'tick', now: 21, missingAfterMs: 3000, countedSeqs: {} });
	assert.equal(state.runState, 'stopped');
	state = run(state, { type: 'start', now: 30 });
	assert.equal(state.startedAt, 30, 'elapsed time starts afresh');
	assert.deepEqual(retiredUsers(state), {});
	state = run(state, { type: 'set-target', now: 31, userClasses: ['B'] });
	assert.deepEqual(state.userClasses, ['B']);
});
