import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildJsonSummary, type JsonSummary, type RunInfo } from '../../source/report/json-summary.ts';
import { planLine, renderHtmlReport } from '../../source/report/html-report.ts';
import { downsample, renderLineChart } from '../../source/report/svg-chart.ts';
import { RUN, sampleRun } from './fixtures.ts';

const run: RunInfo = RUN;

function sampleSummary(thresholds = false): JsonSummary {
	const { snapshot, workers, aggregator } = sampleRun();
	const judged: RunInfo = thresholds
		? { ...run, thresholds: [
			{ expression: 'p95 < 300', target: 'Aggregated', metric: 'p95', op: '<', limit: 300, value: 250, ok: true },
			{ expression: 'failRatio < 0.001', target: 'Aggregated', metric: 'failRatio', op: '<', limit: 0.001, value: 0.0095, ok: false },
		] }
		: run;
	return buildJsonSummary(snapshot, judged, workers, {
		history: aggregator.history(),
		workerHistory: aggregator.workerHistory(),
	});
}

void test('the report is one self-contained page: no src or href leaves the file', () => {
	const html = renderHtmlReport(sampleSummary(true));
	const refs = [...html.matchAll(/\b(?:src|href|xlink:href|action)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]!);
	for (const ref of refs) assert.ok(ref.startsWith('#') || ref === '', `external reference: ${ref}`);
	assert.doesNotMatch(html, /@import|url\(\s*['"]?(?:https?:)?\/\//i, 'no CSS import or remote url()');
	assert.doesNotMatch(html, /<(?:link|iframe|img|object|embed)\b/i, 'no linked resources');
	assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1:8080)/, 'the only URL is the target host, as text');
});

void test('the report has the run facts, charts with drawn lines, Locust\'s tables, workers, failures and exceptions', () => {
	const html = renderHtmlReport(sampleSummary());
	for (const heading of ['Over time', 'Request statistics', 'Response time percentiles \\(ms\\)', 'Workers', 'Failures', 'Exceptions']) assert.match(html, new RegExp(`>${heading}</h2>`));
	assert.doesNotMatch(html, /Thresholds/, 'no thresholds section without thresholds');
	const charts = html.match(/<svg class="chart"/g) ?? [];
	assert.equal(charts.length, 4, 'users, rates, response times, per worker');
	const paths = [...html.matchAll(/<path class="line s\d" d="([^"]*)"/g)].map((m) => m[1]!);
	assert.ok(paths.length >= 9, `lines: ${paths.length}`);
	assert.ok(paths.filter((d) => /^M[\d.]+,[\d.]+L/.test(d)).length >= 8, 'most lines have drawn segments');
	for (const column of ['# Requests', '# Fails', 'Median (ms)', 'Average (ms)', 'Min (ms)', 'Max (ms)', 'Average size (bytes)', 'RPS', 'Failures/s', '99.9%', '100%']) {
		assert.ok(html.includes(`>${column}</th>`), column);
	}
	assert.match(html, /<tr class="total"><td><\/td><td class="text">Aggregated<\/td><td data-v="2100">2,100<\/td>/);
	assert.ok(html.includes('worker-c') && html.includes('missing'), 'every worker');
	// Plan-controlled text is escaped, never markup.
	assert.ok(html.includes('/login, then &quot;home&quot;'), 'endpoint name escaped');
	assert.ok(html.includes('HTTP 503: Service &quot;Unavailable&quot;, retry'));
	assert.ok(html.includes('<td class="text">/plans/shop.ts:12:5</td>'), 'the plan line of the exception');
	assert.match(html, /prefers-color-scheme: dark/);
});

void test('thresholds show with pass and FAIL when the run had them', () => {
	const html = renderHtmlReport(sampleSummary(true));
	assert.match(html, /<h2 id="thresholds">Thresholds: 1 of 2 passed<\/h2>/);
	assert.match(html, /<td>p95 &lt; 300<\/td><td class="ok">pass<\/td><td data-v="250">250<\/td>/);
	assert.match(html, /<td>failRatio &lt; 0.001<\/td><td class="bad">FAIL<\/td>/);
});

void test('a summary without history (an older document) still renders, saying so', () => {
	const doc = sampleSummary();
	delete doc.history;
	delete doc.workerHistory;
	const html = renderHtmlReport(doc);
	assert.match(html, /has no per-second history/);
	assert.match(html, />Request statistics</);
});

void test('charts: long series are averaged down, gaps kept; time ticks read m:ss', () => {
	const seconds = Array.from({ length: 10_000 }, (_, i) => i);
	const values = seconds.map((s) => (s < 5000 ? 10 : null));
	const points = downsample(seconds, values, 1000);
	assert.equal(points.length, 1000);
	assert.deepEqual(points[0], [4.5, 10]);
	assert.equal(points.at(-1)![1], null);
	// The x axis reads as the dashboard's elapsed clock (source/format.ts formatStopwatch): a 2 h run ends past 1:00:00.
	const svg = renderLineChart({ title: 't', seconds: seconds.slice(0, 7200), series: [{ label: 'a', values: values.slice(0, 7200) }] });
	const ticks = [...svg.matchAll(/text-anchor="middle">([^<]+)</g)].map((m) => m[1]!);
	assert.ok(ticks.length > 2 && ticks.every((tick) => /^(\d+:)?\d{1,2}:\d\d$/.test(tick)), ticks.join(' '));
	assert.ok(ticks.includes('0:00') && ticks.some((tick) => tick.startsWith('1:')), ticks.join(' '));
});

void test('the plan line is the traceback frame in the plan file', () => {
	const tb = 'TypeError: x\n    at helper (/app/node_modules/lib/index.js:1:1)\n    at task (/plans/shop.ts:12:5)\n    at run (engine.ts:1:1)';
	assert.equal(planLine(tb, 'plans/shop.ts'), '/plans/shop.ts:12:5');
	assert.equal(planLine(tb, null), '/plans/shop.ts:12:5', 'else the first frame outside node_modules');
	assert.equal(planLine('no frames', null), '');
});
