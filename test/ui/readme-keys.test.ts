// README's key table lists every key the `?` view lists, so a reader of either learns all of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keyTable as keyHelp } from '../../source/ui/dashboard-keys.ts';

void test("README's key table has every key of the help view", () => {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	const table = /## The dashboard\n\n([\s\S]*?)\n\n/.exec(readme)?.[1] ?? '';
	const keys = keyHelp.flatMap((key) => (key.keys === '1-5' ? ['1'] : key.keys === 'Enter' ? [] : key.keys.split('/')));
	for (const key of keys) assert.ok(table.includes(`\`${key}\``), `README's key table lacks \`${key}\``);
	assert.match(table, /Enter/);
	assert.match(table, /Shift-Tab/);
});
