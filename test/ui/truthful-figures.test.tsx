// Figures that settle and words that do not mislead: the selector on the real reducer and
// aggregator, and the header, Workers view and footer rendered with ink-testing-library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialMasterState, reduceMaster, type MasterAction, type MasterState } from '../../source/master/master-state.ts';
import { Aggregator } from '../../source/stats/aggregator.ts';
import { Recorder } from '../../source/stats/recorder.ts';
import { initialUiState, reduceKey, type UiState } from '../../source/ui/dashboard-keys.ts';
import type { DashboardModel } from '../../source/ui/dashboard-model.ts';
import { selectDashboardModel } from '../../source/ui/select-dashboard-model.ts';
import { showDashboard } from './fixtures/show-dashboard.tsx';
import { sampleModel } from './fixtures/sample-model.ts';

type Untimed<T> = T extends unknown ? Omit<T, 'now'> : never;
const t0 = Date.UTC(2026, 10, 29, 21, 0, 0);

/** Two workers at 10 users each, 20 s of load; then `then` runs with the same clock and parts. */
function fleet() {
	let now = t0;
	let master: MasterState = initialMasterState({ targetUsers: 20, spawnRate: 10, expectWorkers: 2 });
	const act = (action: Untimed<MasterAction>) => {
		master = reduceMaster(master, { ...action, now } as MasterAction);
	};
	const aggregator = new Aggregator({ now: () => now });
	const ids = ['w-a', 'w-b'];
	const recorders = new Map(ids.map((id) => [id, new Recorder({ now: () => now })]));
	for (const id of ids) act({ type: 'worker-joined', id, hostname: 'box', pid: 1, planHash: null });
	act({ type: 'start' });
	act({ type: 'dispatched', assignments: { 'w-a': { U: 10 }, 'w-b': { U: 10 } } });
	const second = (beats: Record<string, { state: 'spawning' | 'running' | 'stopped'; users: number } | undefined>) => {
		now += 1000;
		for (const id of ids) {
			const beat = beats[id];
			if (beat === undefined) continue;
			const recorder = recorders.get(id)!;
			for (let i = 0; i < beat.users * 2; i++) recorder.request('GET', '/', 10, 10);
			aggregator.apply(id, recorder.takeDelta(now));
		}
		act({ type: 'heartbeats', beats: Object.entries(beats).flatMap(([id, beat]) => (beat === undefined ? [] : [{ id, state: beat.state, users: { U: beat.users }, cpuPercent: 10, rssBytes: 1e6 }])) });
		act({ type: 'tick', missingAfterMs: 3000, countedSeqs: {} });
	};
	const model = () => selectDashboardModel({ master, stats: aggregator.snapshot(), history: aggregator.history(), now });
	return { act, second, model, state: () => master };
}

void test('a stopped fleet shows 0 req/s at once, not the window decaying', () => {
	const f = fleet();
	for (let i = 0; i < 20; i++) f.second({ 'w-a': { state: 'running', users: 10 }, 'w-b': { state: 'running', users: 10 } });
	assert.ok(f.model().header.totalRps > 10, 'load before the stop');
	f.act({ type: 'stop', deadline: t0 + 60_000, countedSeqs: {} });
	f.act({ type: 'worker-status', id: 'w-a', state: 'stopped', lastSeq: 1 });
	f.act({ type: 'worker-status', id: 'w-b', state: 'stopped', lastSeq: 1 });
	const model = f.model();
	assert.equal(model.header.totalRps, 0);
	assert.equal(model.aggregated.currentRps, 0);
	assert.ok(model.stats.every((row) => row.currentRps === 0 && row.currentFailPerSec === 0));
	assert.ok(model.workers.every((worker) => worker.rps === 0));
	assert.ok(model.aggregated.requests > 0, 'the totals stay');
});

void test('a missing worker shows no rate, and the header counts it', (t) => {
	const f = fleet();
	for (let i = 0; i < 10; i++) f.second({ 'w-a': { state: 'running', users: 10 }, 'w-b': { state: 'running', users: 10 } });
	for (let i = 0; i < 5; i++) f.second({ 'w-a': { state: 'running', users: 10 }, 'w-b': undefined });
	const model = f.model();
	const gone = model.workers.find((worker) => worker.id === 'w-b')!;
	assert.equal(gone.state, 'missing');
	assert.ok(Number.isNaN(gone.rps));
	const text = screen(t, model, initialUiState('workers'), 80, 24);
	assert.match(text, /w-b +missing +0 +- /);
	assert.match(text, /1 of 2 workers, 1 MISSING/);
});

void test('a worker that runs all it was told to reads running, even while it still says spawning', () => {
	const f = fleet();
	f.second({ 'w-a': { state: 'spawning', users: 10 }, 'w-b': { state: 'spawning', users: 4 } });
	const [a, b] = f.model().workers;
	assert.equal(a!.state, 'running');
	assert.equal(b!.state, 'spawning');
});

void test('the header never reads above target from a rebalance, and says STOPPING USERS ramping down', (t) => {
	const base = sampleModel();
	const join: DashboardModel = { ...base, header: { ...base.header, state: 'running', users: 21, targetUsers: 20, workersReady: 2, workersMissing: 0, workersExpected: 2 } };
	const lines = screen(t, join, initialUiState(), 80, 24).split('\n');
	assert.match(lines[0]!, /RUNNING +users 20\/20 \(\+1 stopping\)/);
	assert.doesNotMatch(lines[0]!, /21\/20/);
	assert.match(lines[1]!, /2 workers, 0 missing/);
	const down: DashboardModel = { ...base, header: { ...base.header, state: 'spawning', users: 18, targetUsers: 10 } };
	assert.match(screen(t, down, initialUiState(), 80, 24), /STOPPING USERS +users 10\/10 \(\+8 stopping\)/);
	const up: DashboardModel = { ...base, header: { ...base.header, state: 'spawning', users: 4, targetUsers: 10 } };
	assert.match(screen(t, up, initialUiState(), 80, 24), /SPAWNING +users 4\/10 /);
});

void test('the rate prompt refuses a letter visibly, and says why', (t) => {
	let ui = initialUiState();
	const run = { state: 'running' as const, targetUsers: 5 };
	for (const key of ['r', '2', 'x']) ui = reduceKey(ui, key, run).state;
	assert.equal(ui.prompt?.text, '2');
	assert.match(screen(t, sampleModel(), ui, 80, 24).split('\n').at(-1)!, /spawn rate \/s \(now 5\): 2 +spawn rate: digits and "\." only/);
	for (const key of ['.', '5', '.']) ui = reduceKey(ui, key, run).state;
	assert.equal(ui.prompt?.text, '2.5');
	assert.equal(ui.notice, 'spawn rate: one "." only');
	ui = reduceKey(ui, '1', run).state;
	assert.equal(ui.notice, undefined, 'a good key takes the notice away');
	let users = reduceKey(initialUiState(), 'u', run).state;
	users = reduceKey(users, 'a', run).state;
	assert.equal(users.notice, 'users: digits only');
});

void test('one user is "1 user"', () => {
	let state = initialMasterState({ targetUsers: 1 });
	state = reduceMaster(state, { type: 'worker-joined', now: t0, id: 'w', hostname: 'h', pid: 1, planHash: null });
	state = reduceMaster(state, { type: 'start', now: t0 });
	assert.match(state.log.at(-1)!.text, /test started: 1 user at 1\/s/);
});

function screen(t: { after: (fn: () => void) => void }, model: DashboardModel, ui: UiState, columns: number, rows: number): string {
	return showDashboard(t, model, ui, columns, rows).join('\n');
}
