import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, constant, constantPacing, constantThroughput, sequence, task, user } from '../../source/index.ts';
import { filterByTags, isUserDefinition, toUserClass } from '../../source/plan/user.ts';

const noop = async (): Promise<void> => {};

void test('wait times follow Locust: between, constant, constantPacing, constantThroughput', () => {
	const b = between(0.5, 2);
	for (let i = 0; i < 1000; i++) {
		const s = b(0);
		assert.ok(s >= 0.5 && s <= 2, `between gave ${s}`);
	}
	assert.equal(constant(1.5)(10), 1.5);
	assert.equal(constantPacing(2)(0.5), 1.5, 'pacing subtracts the task time');
	assert.equal(constantPacing(2)(3), 0, 'never below zero');
	assert.equal(constantThroughput(4)(0.05), 0.2);
	assert.throws(() => between(2, 1), /max/);
	assert.throws(() => constant(-1), /seconds/);
	assert.throws(() => constantThroughput(0), /per second/);
});

void test('task() and sequence() carry weight and tags; bare functions weigh 1', () => {
	const cls = toUserClass(
		'web',
		user({
			tasks: {
				a: noop,
				b: task(3, noop, { tags: ['x'] }),
				c: task(noop, { tags: ['y'] }),
				d: sequence([noop, task(noop, { tags: ['z'] })], { weight: 2, tags: ['seq'] }),
			},
		}),
	);
	assert.deepEqual(
		cls.tasks.map((t) => [t.name, t.weight, t.tags, t.steps.length]),
		[
			['a', 1, [], 1],
			['b', 3, ['x'], 1],
			['c', 1, ['y'], 1],
			['d', 2, ['seq', 'z'], 2],
		],
	);
	assert.equal(cls.sequential, false);
	const seq = toUserClass('s', user({ tasks: sequence([async function first() {}, async function second() {}]) }));
	assert.equal(seq.sequential, true);
	assert.deepEqual(seq.tasks.map((t) => t.name), ['first', 'second']);
});

void test('user() rejects what cannot run', () => {
	assert.throws(() => user({ tasks: {} }), /no tasks/);
	assert.throws(() => user({ tasks: [] }), /no tasks/);
	assert.throws(() => user({ tasks: { a: task(0, noop) } }), /weighs 0/);
	assert.throws(() => user({ weight: -1, tasks: { a: noop } }), /weight/);
	assert.throws(() => user({ fixedCount: 1.5, tasks: { a: noop } }), /fixedCount/);
	assert.throws(() => user({ host: 'localhost:80', tasks: { a: noop } }), /host/);
	assert.throws(() => user({ tasks: { a: 42 as never } }), /not a function/);
});

void test('the brand is recognised across module copies', () => {
	const foreign = { [Symbol.for('drove.user')]: true, options: { tasks: { a: noop } } };
	assert.ok(isUserDefinition(foreign));
	assert.ok(!isUserDefinition({ options: {} }));
});

void test('filterByTags keeps tagged tasks, drops excluded ones and classes left empty', () => {
	const a = toUserClass('a', user({ tasks: { x: task(noop, { tags: ['x'] }), y: task(noop, { tags: ['y'] }), plain: noop } }));
	const b = toUserClass('b', user({ tasks: { plain: noop } }));
	assert.deepEqual(filterByTags([a, b]), [a, b]);
	const onlyX = filterByTags([a, b], ['x']);
	assert.deepEqual(onlyX.map((c) => [c.name, c.tasks.map((t) => t.name)]), [['a', ['x']]]);
	const notX = filterByTags([a, b], undefined, ['x']);
	assert.deepEqual(notX.map((c) => [c.name, c.tasks.map((t) => t.name)]), [['a', ['y', 'plain']], ['b', ['plain']]]);
	assert.deepEqual(filterByTags([a, b], ['x', 'y'], ['y']).map((c) => c.tasks.map((t) => t.name)), [['x']]);
});
