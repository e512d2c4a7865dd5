// The real CLI in a real terminal (tmux), as a person over SSH uses it: a master with two local
// worker processes against the fixture target, steered from the keyboard, read off the screen,
// at 120x40 and at 80x24. Then q, and the terminal must be as it was: cooked mode, echo on,
// cursor visible.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTarget, type Target } from '../../fixtures/target.ts';
import { hasTmux, TmuxSession } from './fixtures/tmux.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
if (!hasTmux() && process.env.DROVE_REQUIRE_TMUX) throw new Error('tmux is not installed, and DROVE_REQUIRE_TMUX is set (.ci/run installs it)');
const skip = hasTmux() ? false : 'tmux is not installed (.ci/run installs it)';

/** Lines of the screen that follow the table header starting with `title`. */
function tableRows(screen: string, title: RegExp): string[] {
	const lines = screen.split('\n');
	const header = lines.findIndex((line) => title.test(line));
	return header === -1 ? [] : lines.slice(header + 1);
}

/** Worker rows (`id state users req/s ...`) with their req/s. */
function workerRates(screen: string): { id: string; rps: number }[] {
	return tableRows(screen, /^Worker +State +Users +req\/s/).flatMap((line) => {
		const match = /^(\S+) +(?:ready|spawning|running|stopping|stopped) +\d+ +([\d.]+k?) /.exec(line);
		if (!match) return [];
		const rps = match[2]!.endsWith('k') ? Number.parseFloat(match[2]!) * 1000 : Number(match[2]);
		return [{ id: match[1]!, rps }];
	});
}

/** The Aggregated row's request count (`12.3k` read as 12300); NaN when it is not on screen. */
function aggregatedRequests(screen: string): number {
	const match = /^ +Aggregated +([\d.]+)(k?) /m.exec(screen);
	if (!match) return Number.NaN;
	return match[2] === 'k' ? Number.parseFloat(match[1]!) * 1000 : Number(match[1]);
}

async function drive(size: { columns: number; rows: number }, target: Target, after: (fn: () => Promise<void>) => void): Promise<{ stats: string; workers: string }> {
	// `env -u CI`: Ink draws only a final frame when it believes it runs in CI. After drove
	// exits, the shell reports its exit code and the terminal's modes, then waits to be read.
	const command = [
		`env -u CI -u CONTINUOUS_INTEGRATION node bin/drove.js -f fixtures/plans/demo.ts --processes 2 -H ${target.url}`,
		'echo "DROVE-EXIT=$?"',
		`echo "TTY-MODES=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')"`,
		'sleep 600',
	].join('; ');
	const tmux = await TmuxSession.start(command, { ...size, cwd: root });
	after(() => tmux.kill());

	// No -u: the dashboard waits, like Locust's web form, for a user count, a rate and Enter.
	// Generous: on a loaded machine two worker processes take tens of seconds to start.
	await tmux.waitFor(/READY +users 0\/0[\s\S]* 2 workers, 0 missing/, 90_000);
	await tmux.type('u');
	await tmux.waitFor(/users \(now 0\):/);
	await tmux.type('4');
	await tmux.press('Enter');
	await tmux.waitFor(/users \d+\/4\b/);
	await tmux.type('r');
	await tmux.type('20');
	await tmux.press('Enter');
	await tmux.waitFor(/rate 20\.0\/s/);
	await tmux.press('Enter');
	await tmux.waitFor(/RUNNING +users 4\/4\b/);

	// Add users with the keys: W is +10, w +1, s -1.
	await tmux.type('W');
	await tmux.type('w');
	await tmux.type('w');
	await tmux.type('s');
	await tmux.waitFor(/users 15\/15\b/);

	await tmux.type('2');
	const workers = await tmux.waitFor((screen) => {
		const rates = workerRates(screen);
		return rates.length === 2 && rates.every((worker) => worker.rps > 0);
	});
	for (const line of workers.split('\n')) assert.ok(line.length <= size.columns, `wider than ${size.columns}: ${line}`);

	await tmux.type('1');
	const stats = await tmux.waitFor((screen) =>
		['/item/[id]', '/search', '/cart'].every((name) =>
			new RegExp(`^GET +${name.replace(/[[\]/]/g, '\\$&')} +\\d+(\\.\\dk)? +\\d+ +[\\d.]+ +[\\d.]+ +[\\d.]+ `, 'm').test(screen),
		) && /^ +Aggregated +\d/m.test(screen),
	);
	for (const line of stats.split('\n')) assert.ok(line.length <= size.columns, `wider than ${size.columns}: ${line}`);

	// p then Enter is a new test, as Locust's: the stats start afresh, the Log keeps the last test.
	await tmux.type('p');
	const stopped = await tmux.waitFor(/^drove STOPPED[\s\S]*^ +Aggregated +\d/m, 60_000);
	const before = aggregatedRequests(stopped);
	await tmux.press('Enter');
	// The stopped total is frozen; only a reset brings the count under it (a new test needs as long to catch up).
	await tmux.waitFor((screen) => /^drove (SPAWNING|RUNNING)/.test(screen) && aggregatedRequests(screen) < before, 60_000);
	await tmux.type('5');
	const log = await tmux.waitFor(/previous test: \d+ requests/, 30_000);
	// At least what the stopped screen showed (a last delta may land after it was drawn); 12.3k is rounded.
	assert.ok(Number(/previous test: (\d+) requests/.exec(log)![1]) >= before * 0.99, `the Log keeps the last test's ${before} requests:\n${log}`);
	await tmux.type('1');

	// q asks once while users run; the second q stops, writes the reports and exits.
	await tmux.type('q');
	await tmux.waitFor(/press q again to quit/);
	await tmux.type('q');
	const end = await tmux.waitFor(/TTY-MODES=/, 60_000);
	// 0, or 1 because the demo plan has a page that answers 404 (exit code 1 = failures).
	if (!/DROVE-EXIT=[01]\n/.test(end)) assert.fail(`drove exited badly; the terminal with its history:\n${await tmux.captureHistory()}`);
	assert.match(end, /TTY-MODES=icanon echo/, 'line editing and echo are back');
	assert.equal(await tmux.format('#{cursor_flag}'), '1', 'the cursor is visible');
	return { stats, workers };
}

/**
 * A master alone: the Workers view shows the join command; with the token shown (t), the
 * command run as printed (with this checkout's `node bin/drove.js` for `drove`) joins it.
 */
async function joinAsPrinted(target: Target, after: (fn: () => Promise<void>) => void): Promise<string> {
	const command = [
		`env -u CI -u CONTINUOUS_INTEGRATION DROVE_TOKEN=tmux-join-secret node bin/drove.js -f fixtures/plans/demo.ts --master --master-bind-host 127.0.0.1 --master-bind-port 0 --expect-workers 2 -H ${target.url}`,
		'echo "DROVE-EXIT=$?"',
		'sleep 600',
	].join('; ');
	const tmux = await TmuxSession.start(command, { columns: 120, rows: 40, cwd: root });
	after(() => tmux.kill());
	await tmux.waitFor(/WAITING FOR WORKERS/, 90_000);
	await tmux.type('2');
	await tmux.waitFor(/2 more workers expected: on each worker machine run \(t shows the token, c copies it\)/);
	assert.doesNotMatch(await tmux.capture(), /tmux-join-secret/, 'the token is masked until asked for');
	await tmux.type('t');
	const shown = await tmux.waitFor(/^DROVE_TOKEN=tmux-join-secret drove --worker /m);
	// The command may wrap: its lines run until the blank line under it.
	const lines = shown.split('\n');
	const first = lines.findIndex((line) => line.startsWith('DROVE_TOKEN='));
	const printed = lines.slice(first, lines.indexOf('', first)).join('');
	assert.match(printed, /^DROVE_TOKEN=tmux-join-secret drove --worker --master-host=127\.0\.0\.1 --master-port=\d+ --processes -1$/);

	const worker = spawn('sh', ['-c', printed.replace(' drove ', ` "${process.execPath}" bin/drove.js `)], { cwd: root, detached: true, stdio: 'ignore' });
	after(async () => {
		try {
			process.kill(-worker.pid!, 'SIGKILL');
		} catch {
			// Already gone: the master told it to quit.
		}
	});
	const joined = await tmux.waitFor(/[2-9] workers, 0 missing[\s\S]*workers, 0 marked/, 90_000);
	assert.doesNotMatch(joined, /more workers? expected/, 'the join command goes once the workers are in');
	await tmux.type('q');
	const end = await tmux.waitFor(/DROVE-EXIT=/, 60_000);
	assert.match(end, /join with: DROVE_TOKEN=<your --token> drove --worker --master-host=127\.0\.0\.1/, 'printed again after the dashboard, the token not echoed');
	return joined;
}

void describe('the dashboard in a real terminal', { skip, concurrency: 2 }, () => {
	let target: Target;
	before(async () => {
		target = await startTarget();
	});
	after(async () => {
		await target.close();
	});

	for (const size of [
		{ columns: 120, rows: 40 },
		{ columns: 80, rows: 24 },
	]) {
		void it(`runs, steers and quits cleanly at ${size.columns}x${size.rows}`, { timeout: 240_000 }, async (t) => {
			const cleanups: (() => Promise<void>)[] = [];
			t.after(async () => {
				for (const cleanup of cleanups.reverse()) await cleanup();
			});
			const { stats, workers } = await drive(size, target, (fn) => cleanups.push(fn));
			if (process.env['DROVE_PRINT_SCREENS']) process.stdout.write(`\n# Stats at ${size.columns}x${size.rows}\n${stats}\n# Workers\n${workers}\n`);
		});
	}

	void it('shows a master alone the join command that, run as printed, joins', { timeout: 240_000 }, async (t) => {
		const cleanups: (() => Promise<void>)[] = [];
		t.after(async () => {
			for (const cleanup of cleanups.reverse()) await cleanup();
		});
		const workers = await joinAsPrinted(target, (fn) => cleanups.push(fn));
		if (process.env['DROVE_PRINT_SCREENS']) process.stdout.write(`\n# Workers after the join\n${workers}\n`);
	});
});
