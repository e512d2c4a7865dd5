/**
 * The flag reference in docs/CONFIG.md, generated from the flag table: the part of that file
 * between the `flags:start` and `flags:end` markers. A test keeps the file and the table equal;
 * to refresh the file after changing the table, run
 * `node --import tsx source/config/flag-reference.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FLAGS, envName } from './flags.ts';
import { defaultText, settablePlaces, type FlagSpec } from './flag-spec.ts';
import { GROUPS } from './help-text.ts';

/** The markers around the generated part of docs/CONFIG.md. */
export const START_MARKER = '<!-- flags:start (generated from source/config/flags.ts) -->';
export const END_MARKER = '<!-- flags:end -->';

function cell(text: string): string {
	return text.replaceAll('|', '\\|');
}

function row(flag: FlagSpec): string {
	const origins = settablePlaces(flag);
	const names = [flag.short ? `\`-${flag.short}\`` : '', `\`--${flag.name}${flag.valueName ? ` ${flag.valueName}` : ''}\``].filter(Boolean).join(', ');
	const env = origins.includes('env') ? `\`${envName(flag)}\`` : '';
	const key = origins.includes('file') ? `\`${flag.key}\`` : '';
	const modes = flag.modes.join(', ');
	return `| ${names} | ${env} | ${key} | ${flag.type} | ${cell(defaultText(flag))} | ${modes} | ${cell(flag.description)} |`;
}

/** The generated section, markers included. */
export function renderFlagReference(): string {
	const out = [START_MARKER];
	for (const group of GROUPS) {
		out.push('', `### ${group}`, '', '| flag | environment | config key | type | default | modes | description |', '| --- | --- | --- | --- | --- | --- | --- |');
		for (const flag of FLAGS.filter((candidate) => candidate.group === group)) out.push(row(flag));
	}
	out.push('', END_MARKER);
	return out.join('\n');
}

/** The section of a document between the markers (inclusive), or undefined. */
export function extractFlagReference(document: string): string | undefined {
	const start = document.indexOf(START_MARKER);
	const end = document.indexOf(END_MARKER);
	return start === -1 || end === -1 ? undefined : document.slice(start, end + END_MARKER.length);
}

// Run as a script: rewrite the generated section of docs/CONFIG.md in place.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const path = fileURLToPath(new URL('../../docs/CONFIG.md', import.meta.url));
	const document = readFileSync(path, 'utf8');
	const current = extractFlagReference(document);
	if (current === undefined) throw new Error(`${path} has no ${START_MARKER} ... ${END_MARKER} section`);
	writeFileSync(path, document.replace(current, renderFlagReference()));
}
