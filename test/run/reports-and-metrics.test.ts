// Reports and monitoring end to end, as a user runs them: the real `drove` with two local
// worker processes against the fixture target on 127.0.0.1, scraped over HTTP while it runs;
// then its --html (and one rendered by `drove report` from the saved --json) opened in headless
// Chromium, and its --junit parsed back.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { request } from 'undici';
import { samples } from '../helpers/prometheus-text.ts';
import { chromiumSkip, viewReport } from '../helpers/browser.ts';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan, readLines, runDrove } from './drove-cli.ts';

// The run's files are kept for the browser test below, and removed once the file's tests are done.
const dir = mkdtempSync(join(tmpdir(), 'drove-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const AGGREGATED = 'drove_requests_total{method="",name="Aggregated"}';

interface Scrape {
	requests: number;
	workers: number;
	stopReason: string;
	statsRequests: number;
}

/**
 * GET /stats then /metrics; undefined once the server is gone. In that order: the run's state
 * comes from /stats, and metrics read after a 'stopped' are the final ones. Read the other way
 * round, a scrape straddling the stop paired a 'stopped' with a count from before it, and when
 * the short stopped window held only that scrape, the "last scrape matches the CSV" check failed.
 */
async function scrape(base: string): Promise<Scrape | undefined> {
	try {
		const stats = await request(`${base}/stats`);
		const doc = (await stats.body.json()) as { run: { stopReason: string }; aggregated: { requests: number } };
		const metrics = await request(`${base}/metrics`);
		const s = samples(await metrics.body.text());
		return { requests: s.get(AGGREGATED) ?? 0, workers: s.get('drove_workers{state="running"}') ?? 0, stopReason: doc.run.stopReason, statsRequests: doc.aggregated.requests };
	} catch {
		return undefined;
	}
}

void test('a 2-worker run: /metrics rises while it runs and ends at the CSV totals, /stats is the live summary; --html, --junit and --json are written', async (t) => {
	const target = await useTarget(t);
	const prefix = join(dir, 'run');
	const html = join(dir, 'run.html');
	const junit = join(dir, 'run.xml');
	const drove = new DroveProcess(
		['-f', fixturePlan('shop.ts'), '--headless', '-u', '6', '-r', '6', '-t', '6s', '-H', target.url, '--processes', '2', '--csv', prefix, '--html', html, '--junit', junit, '--json', '--metrics-port', '0'],
		t,
	);
	await drove.waitForStderr(/metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics, live stats at/);
	const base = /metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(drove.stderr)![1]!;
	assert.doesNotMatch(drove.stderr, /token/, 'no token on loopback');

	const seen: Scrape[] = [];
	for (;;) {
		const one = await scrape(base);
		if (one === undefined) break;
		seen.push(one);
		// Often: the stopped run is served only while its reports are written (stopping takes
		// well under a second now), and a scrape must land in that window.
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	const code = await drove.exitCode();
	assert.equal(code, 1, `failures make exit code 1; stderr:\n${drove.stderr.slice(-2000)}`);

	const running = seen.filter((s) => s.stopReason === 'running');
	assert.ok(running.length >= 5, `scraped while running: ${running.length}`);
	assert.ok(running.some((s) => s.workers === 2), 'both workers running');
	const counts = running.map((s) => s.requests);
	for (let i = 1; i < counts.length; i++) assert.ok(counts[i]! >= counts[i - 1]!, `never falls: ${counts.join(' ')}`);
	assert.ok(counts.at(-1)! > counts.find((c) => c > 0)!, `rises: ${counts.join(' ')}`);
	assert.ok(running.some((s) => s.statsRequests > 0), '/stats shows the live totals');

	const stats = readLines(`${prefix}_stats.csv`);
	const total = Number(stats.find((line) => line.startsWith(',Aggregated,'))!.split(',')[2]);
	const final = seen.filter((s) => s.stopReason === 'stopped');
	assert.ok(final.length > 0, `scraped after the stop: ${seen.map((s) => s.stopReason).join(' ')}`);
	assert.equal(final.at(-1)!.requests, total, 'the last scrape matches the final CSV');
	assert.equal(final.at(-1)!.statsRequests, total, 'and so does /stats');

	// --json on stdout, --html and --junit on disk, all from the one end of the run.
	const summary = JSON.parse(drove.stdout) as { aggregated: { requests: number }; history: unknown[]; workerHistory: unknown[] };
	assert.equal(summary.aggregated.requests, total);
	assert.ok(summary.history.length >= 3, `history points: ${summary.history.length}`);
	assert.equal(summary.workerHistory.length, 2);
	writeFileSync(join(dir, 'summary.json'), drove.stdout);
	assert.ok(existsSync(html), '--html written');
	const xml = readFileSync(junit, 'utf8');
	assert.equal(XMLValidator.validate(xml), true);
	const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml).testsuites.testsuite as { testcase: Array<{ name: string; failure?: { message: string } }> };
	const requestsCase = suite.testcase.find((c) => c.name === 'no failed requests')!;
	assert.match(requestsCase.failure!.message, /^[\d,]+ of [\d,]+ requests failed/);

	// The same report again from the saved JSON.
	const again = await runDrove(['report', join(dir, 'summary.json'), '--html', join(dir, 'again.html')], t);
	assert.equal(again.code, 0, again.stderr);
	reports.resolve({ dir, fromRun: html, fromJson: join(dir, 'again.html') });
});

/** The first test's files, for the browser test (tests in a file run in order). */
const reports = (() => {
	let resolve!: (value: { dir: string; fromRun: string; fromJson: string }) => void;
	const promise = new Promise<{ dir: string; fromRun: string; fromJson: string }>((r) => (resolve = r));
	return { promise, resolve };
})();

void test('the HTML reports open in headless Chromium offline: no console errors, charts drawn, tables sort, dark scheme', { skip: chromiumSkip() }, async (t) => {
	const { dir, fromRun, fromJson } = await reports.promise;
	for (const [name, path] of [['run', fromRun], ['from-json', fromJson]] as const) {
		const shot = join(dir, `${name}-1280.png`);
		const view = await viewReport(t, path, shot);
		assert.deepEqual(view.consoleErrors, [], `${name}: console errors`);
		assert.deepEqual(view.externalRequests, [], `${name}: network requests`);
		assert.equal(view.charts.length, 4, `${name}: users, rates, response times, per worker`);
		for (const chart of view.charts) {
			assert.ok(chart.drawnLines >= 1 && chart.drawnLength > 100, `${name}: ${chart.label} has drawn lines (${chart.drawnLines}, ${Math.round(chart.drawnLength)} px)`);
			assert.ok(chart.width > 1000 && chart.height >= 200, `${name}: ${chart.label} is laid out ${chart.width}x${chart.height}`);
		}
		assert.ok(view.sorted, `${name}: clicking # Requests sorts the table`);
		assert.ok(existsSync(shot) && readFileSync(shot).length > 20_000, `${name}: a screenshot at ${shot}`);
		// The docs' screenshot comes from here: DROVE_UPDATE_SCREENSHOT=1 node test/run.js reports-and-metrics
		if (name === 'run' && process.env['DROVE_UPDATE_SCREENSHOT']) copyFileSync(shot, fileURLToPath(new URL('../../docs/report.png', import.meta.url)));
	}
	const dark = await viewReport(t, fromRun, join(dir, 'dark-1280.png'), 'dark');
	const light = await viewReport(t, fromRun, join(dir, 'light-1280.png'), 'light');
	assert.notEqual(dark.background, light.background, `dark ${dark.background} vs light ${light.background}`);
	assert.deepEqual(dark.consoleErrors, []);
});
