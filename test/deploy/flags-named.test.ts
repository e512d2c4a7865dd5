// The docs and the manifests must never name a flag or DROVE_* variable Drove does not have:
// every `--flag` given to drove in docs/RUNNING-DISTRIBUTED.md and deploy/, and every DROVE_*
// name there, is checked against the flag table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLAGS, envName } from '../../source/config/flags.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const flagNames = new Set(FLAGS.flatMap((flag) => (flag.type === 'boolean' ? [flag.name, `no-${flag.name}`] : [flag.name])));
// Not flags: variables Drove reads besides them, and the placeholders the docs use in examples.
const envNames = new Set([...FLAGS.map((flag) => envName(flag)), 'DROVE_DEBUG', 'DROVE_MASTER_PASSWORD', 'DROVE_WORKER_PASSWORD']);

/** `--name` tokens of a drove command line: from the word `drove` to a comment or the line's end. */
function droveFlags(line: string): string[] {
	const at = line.search(/(^|[\s=(])drove(\s|$)/);
	if (at < 0) return [];
	const command = line.slice(at).split(/\s#|;|\|/)[0] ?? '';
	return [...command.matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)].map((m) => m[1] as string);
}

function filesUnder(dir: string, suffix: string): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
		.map((entry) => join(entry.parentPath, entry.name));
}

void test('docs/RUNNING-DISTRIBUTED.md names only flags and variables that exist', () => {
	const text = readFileSync(join(root, 'docs/RUNNING-DISTRIBUTED.md'), 'utf8');
	const named = new Set<string>();
	let fenced = false;
	for (const line of text.split('\n')) {
		if (line.startsWith('```')) {
			fenced = !fenced;
			continue;
		}
		if (fenced) {
			for (const flag of droveFlags(line)) named.add(flag);
			continue;
		}
		// Inline code that is a flag, or a drove command.
		for (const [, code] of line.matchAll(/`([^`]+)`/g)) {
			if (code?.startsWith('--')) named.add(code.slice(2).split(/[\s=]/)[0] as string);
			else for (const flag of droveFlags(code ?? '')) named.add(flag);
		}
	}
	assert.ok(named.size > 15, `found the flags (${[...named].join(' ')})`);
	assert.deepEqual([...named].filter((flag) => !flagNames.has(flag)), [], 'unknown flags');
	const variables = [...text.matchAll(/\bDROVE_[A-Z_]+/g)].map((m) => m[0]);
	assert.deepEqual(variables.filter((name) => !envNames.has(name)), [], 'unknown variables');
});

void test('the manifests in deploy/ pass drove only flags and variables that exist', () => {
	const files = filesUnder('deploy', '.yaml');
	assert.ok(files.length >= 5, 'found the manifests');
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		// Container args are list items of their own: `- --flag`.
		const args = [...text.matchAll(/^\s*- (--[a-z][a-z-]*)\s*$/gm)].map((m) => (m[1] as string).slice(2));
		// Commands in comments: `# ... drove --worker ...`.
		const commented = text.split('\n').flatMap((line) => droveFlags(line.replace(/^\s*#/, '')));
		assert.deepEqual([...args, ...commented].filter((flag) => !flagNames.has(flag)), [], `unknown flags in ${file}`);
		const variables = [...text.matchAll(/\bDROVE_[A-Z_]+/g)].map((m) => m[0]);
		assert.deepEqual(variables.filter((name) => !envNames.has(name)), [], `unknown variables in ${file}`);
	}
});
