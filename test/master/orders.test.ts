import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialMasterState, reduceMaster } from '../../source/master/master-state.ts';
import type { MasterAction, MasterState } from '../../source/master/master-state.ts';
import { NO_ORDERS, forgetOrders, planOrders } from '../../source/master/orders.ts';

const classes = [{ name: 'A', weight: 1 }];
const run = (state: MasterState, ...actions: MasterAction[]) => actions.reduce(reduceMaster, state);
const join = (id: string): MasterAction => ({ type: 'worker-joined', now: 0, id, hostname: 'h', pid: 1, planHash: null });

void test('orders go to every worker on start, then only to workers whose orders changed', () => {
	let state = run(initialMasterState({ targetUsers: 4, spawnRate: 2 }), join('a'), join('b'));
	assert.deepEqual(planOrders(state, classes, NO_ORDERS).messages, [], 'nothing before the start');
	state = run(state, { type: 'start', now: 1 });
	const first = planOrders(state, classes, NO_ORDERS);
	assert.deepEqual(first.messages.map((m) => [m.workerId, m.order.users, m.order.spawnRate, m.order.partition]), [
		['a', { A: 2 }, 1, { index: 0, count: 2 }],
		['b', { A: 2 }, 1, { index: 1, count: 2 }],
	]);
	assert.deepEqual(planOrders(state, classes, first.next).messages, [], 'unchanged: nothing again');
	state = run(state, { type: 'set-target', now: 2, users: 5 });
	assert.deepEqual(planOrders(state, classes, first.next).messages.map((m) => m.workerId), ['a'], 'only the worker that takes the fifth user');
	assert.deepEqual(planOrders(state, classes, forgetOrders(first.next, 'b')).messages.map((m) => m.workerId), ['a', 'b'], 'a worker that said hello again gets its orders');
});

void test('a spawn rate change alone is a change for every worker (the rate reaches a ramp in progress)', () => {
	let state = run(initialMasterState({ targetUsers: 4, spawnRate: 2 }), join('a'), join('b'), { type: 'start', now: 1 });
	const first = planOrders(state, classes, NO_ORDERS);
	state = run(state, { type: 'set-target', now: 2, spawnRate: 40 });
	const after = planOrders(state, classes, first.next);
	assert.deepEqual(after.messages.map((m) => [m.workerId, m.order.spawnRate]), [['a', 20], ['b', 20]]);
});
