import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FLAGS, envName } from '../../source/config/flags.ts';
import { defaultText, settablePlaces } from '../../source/config/flag-spec.ts';
import { extractFlagReference, renderFlagReference } from '../../source/config/flag-reference.ts';
import { helpText } from '../../source/config/help-text.ts';

void test('docs/CONFIG.md holds the flag reference generated from the table', () => {
	const document = readFileSync(new URL('../../docs/CONFIG.md', import.meta.url), 'utf8');
	assert.equal(
		extractFlagReference(document),
		renderFlagReference(),
		'docs/CONFIG.md is stale: run `node --import tsx source/config/flag-reference.ts`',
	);
});

void test('the table is consistent: unique names, aliases and env names, defaults that parse', () => {
	const unique = (values: string[]) => assert.equal(new Set(values).size, values.length, values.join(' '));
	unique(FLAGS.map((flag) => flag.key));
	unique(FLAGS.map((flag) => flag.name));
	unique(FLAGS.flatMap((flag) => ('short' in flag ? [flag.short] : [])));
	unique(FLAGS.map((flag) => envName(flag)));
	for (const flag of FLAGS) {
		assert.match(flag.name, /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
		assert.equal(flag.key, flag.name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()));
		assert.ok(settablePlaces(flag).includes('cli'), flag.name);
		assert.ok(flag.modes.length > 0, flag.name);
	}
});

void test('--help lists every flag with its default, in 80 columns', () => {
	const help = helpText('9.9.9');
	for (const flag of FLAGS) {
		assert.ok(help.includes(`--${flag.name}`), `--${flag.name} missing`);
		if ('short' in flag) assert.ok(help.includes(`-${flag.short}, --${flag.name}`), `-${flag.short} missing`);
		assert.ok(help.includes(`[default: ${defaultText(flag)}]`), `default of --${flag.name} missing`);
	}
	for (const group of ['Common', 'Run', 'Distributed', 'Security', 'Output', 'Exit codes']) assert.match(help, new RegExp(`^${group}$`, 'm'));
	for (const code of [0, 1, 2, 3, 70]) assert.match(help, new RegExp(`^  ${code} +\\S`, 'm'));
	for (const line of help.split('\n')) {
		assert.ok(line.length <= 80, `too wide: ${line}`);
		assert.ok(!line.endsWith(' '), `trailing space: ${JSON.stringify(line)}`);
	}
});
