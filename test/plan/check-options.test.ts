import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOptions, unknownOption } from '../../source/plan/check-options.ts';
import { between, csvDataset, sequence, task, user } from '../../source/index.ts';

const tasks = { home: () => undefined };

void test('an unknown option names the closest real one, or Locust spelling, or the list', () => {
	assert.equal(unknownOption('user()', 'wieght', ['weight', 'tasks']), "user(): unknown option 'wieght'; did you mean 'weight'?");
	assert.equal(unknownOption('user()', 'on_start', ['onStart', 'tasks']), "user(): unknown option 'on_start': Drove spells Locust's on_start as onStart");
	assert.equal(unknownOption('request', 'catch_response', ['catchResponse']), "request: unknown option 'catch_response': Drove spells Locust's catch_response as catchResponse");
	assert.equal(unknownOption('task()', 'zzz', ['tags']), "task(): unknown option 'zzz'; the options are tags");
	assert.throws(() => checkOptions('x()', 3, ['a']), /x\(\): expected an options object, got 3/);
	assert.doesNotThrow(() => checkOptions('x()', undefined, ['a']));
});

void test('user(), task(), sequence(), csvDataset() and wait times refuse what they do not know', () => {
	assert.throws(() => user({ wait_time: between(1, 2), tasks } as never), /unknown option 'wait_time': Drove spells Locust's wait_time as waitTime/);
	assert.throws(() => user({ fixed_count: 1, tasks } as never), /Locust's fixed_count as fixedCount/);
	assert.throws(() => user({ onStart: 3, tasks } as never), /onStart must be a function/);
	assert.throws(() => task(() => undefined, { tags: 'a' } as never), /tags must be an array of strings/);
	assert.throws(() => sequence([() => undefined], { wieght: 2 } as never), /sequence\(\): unknown option 'wieght'; did you mean 'weight'\?/);
	assert.throws(() => csvDataset('x.csv', { delimeter: ';' } as never), /csvDataset\(\): unknown option 'delimeter'; did you mean 'delimiter'\?/);
	assert.throws(() => between(-1, 2), /expected seconds >= 0/);
	assert.throws(() => between(Number.NaN, 2), /expected seconds >= 0/);
	assert.throws(() => between(3, 2), /max \(2\) is below min \(3\)/);
	assert.doesNotThrow(() => user({ weight: 2, fixedCount: 1, waitTime: between(1, 2), host: 'http://127.0.0.1:1', onStart: () => undefined, onStop: () => undefined, tasks }));
});
