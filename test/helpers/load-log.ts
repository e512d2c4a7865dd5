/**
 * Which npm packages each process of a real `drove` run loads: NODE_OPTIONS carries a loader
 * hook (record-loads.mjs) into the command and every worker child it starts, and the hook
 * appends `<pid> <url>` for every module the ES module loader loads.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const recorder = fileURLToPath(new URL('./record-loads.mjs', import.meta.url));

/** The environment that records loads into `log`; read it with {@link packagesByPid}. */
export function recordLoads(t: { after(fn: () => unknown): void }): { log: string; env: NodeJS.ProcessEnv } {
	const dir = mkdtempSync(join(tmpdir(), 'drove-loads-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	const log = join(dir, 'loads.txt');
	return { log, env: { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import=${recorder}`, DROVE_TEST_LOAD_LOG: log } };
}

/** The npm packages each process loaded, by pid. */
export function packagesByPid(log: string): Map<number, Set<string>> {
	const byPid = new Map<number, Set<string>>();
	for (const line of readFileSync(log, 'utf8').split('\n')) {
		const [pid, url] = line.split(' ');
		if (!pid || !url) continue;
		const set = byPid.get(Number(pid)) ?? new Set<string>();
		byPid.set(Number(pid), set);
		const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
		if (name) set.add(name);
	}
	return byPid;
}

/** What each process called that reads ICU's locale data (`Intl.NumberFormat`, `localeCompare`...), by pid. */
export function icuUsesByPid(log: string): Map<number, string[]> {
	const byPid = new Map<number, string[]>();
	for (const line of readFileSync(log, 'utf8').split('\n')) {
		const [pid, what] = line.split(' ');
		if (!pid || !what?.startsWith('icu:')) continue;
		byPid.set(Number(pid), [...(byPid.get(Number(pid)) ?? []), what.slice(4)]);
	}
	return byPid;
}
