/**
 * `--html`: the run as one self-contained HTML page to attach to a ticket or a CI job, drawn
 * from the `--json` summary document alone (so `drove report summary.json --html` renders the
 * same page later). Pure: a summary in, a string out. No network: the style, the charts (SVG,
 * see svg-chart.ts) and the sort script are all inline.
 *
 * Sections: run facts, thresholds (when the run had any), charts over time, Locust's request
 * and response-time tables, workers (with a requests/s chart per worker), failures, exceptions.
 */
import { REPORT_CSS, SORT_SCRIPT } from './html-assets.ts';
import { escapeHtml } from './html-escape.ts';
import { formatCount, formatElapsed, formatMs, formatPercent, formatRate } from '../format.ts';
import type { JsonEndpoint, JsonSummary, JsonWorker, ThresholdResult } from './json-summary.ts';
import { renderLegend, renderLineChart, type ChartSeries } from './svg-chart.ts';

const e = escapeHtml;

/** A numeric cell that sorts by its value. */
const num = (value: number, text: string): string => `<td data-v="${Number.isFinite(value) ? value : 0}">${e(text)}</td>`;
const txt = (text: string, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${e(text)}</td>`;

function table(headings: readonly string[], rows: readonly string[], total?: string): string {
	if (rows.length === 0 && total === undefined) return '<p class="empty">None.</p>';
	const head = headings.map((h) => `<th scope="col">${e(h)}</th>`).join('');
	const body = [...rows, ...(total === undefined ? [] : [total.replace('<tr>', '<tr class="total">')])].join('\n');
	return `<div class="scroll"><table class="sortable"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function fact(label: string, value: string, cls = ''): string {
	return `<div><dt>${e(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${e(value)}</dd></div>`;
}

function runFacts(doc: JsonSummary): string {
	const run = doc.run;
	const a = doc.aggregated;
	const facts = [
		fact('Plan', run.plan ?? '(none)'),
		fact('Host', run.host ?? "the plan's own"),
		fact('Started', run.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')),
		fact('Ended', run.endedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')),
		fact('Duration', formatElapsed(run.durationSeconds * 1000)),
		fact('Users', `${run.targetUsers} target, ${run.peakUsers} peak${run.spawnRate === null ? '' : `, ${run.spawnRate}/s spawn rate`}`),
		fact('Workers', String(doc.workers.length)),
		fact('Exit code', String(run.exitCode), run.exitCode === 0 ? 'ok' : 'bad'),
		fact('Stop reason', run.stopReason),
		fact('Requests', formatCount(a.requests)),
		fact('Failures', `${formatCount(a.failures)} (${formatPercent(a.failRatio)})`, a.failures > 0 ? 'bad' : 'ok'),
		fact('Requests/s', formatRate(a.rps)),
		fact('p50 / p95 / p99', `${formatMs(a.percentiles['p50'] ?? 0)} / ${formatMs(a.percentiles['p95'] ?? 0)} / ${formatMs(a.percentiles['p99'] ?? 0)} ms`),
	];
	return `<dl class="facts">${facts.join('')}</dl>`;
}

function thresholds(list: readonly ThresholdResult[]): string {
	const passed = list.filter((t) => t.ok).length;
	const rows = list.map((t) => `<tr>${txt(t.expression)}${txt(t.ok ? 'pass' : 'FAIL', t.ok ? 'ok' : 'bad')}${t.value === null ? '<td data-v="0">n/a</td>' : num(t.value, String(t.value))}${txt(t.message ?? '', 'text')}</tr>`);
	return `<h2 id="thresholds">Thresholds: ${passed} of ${list.length} passed</h2>${table(['Threshold', 'Result', 'Value', 'Note'], rows)}`;
}

function chart(title: string, seconds: readonly number[], series: ChartSeries[], formatY: (v: number) => string): string {
	return `<div class="chart-box"><h3>${e(title)}</h3>${renderLegend(series)}${renderLineChart({ title, seconds, series, formatY })}</div>`;
}

function charts(doc: JsonSummary): string {
	const history = doc.history ?? [];
	if (history.length === 0) return '<h2 id="charts">Charts</h2><p class="empty">This summary has no per-second history (too short a run, or written by an older Drove).</p>';
	const t0 = Date.parse(history[0]!.time);
	const seconds = history.map((p) => (Date.parse(p.time) - t0) / 1000);
	const count = (v: number) => formatCount(v);
	const msTick = (v: number) => `${formatMs(v)} ms`;
	const parts = [
		chart('Users', seconds, [
			{ label: 'target', values: history.map((p) => p.targetUsers) },
			{ label: 'running', values: history.map((p) => p.users) },
		], count),
		chart('Requests/s and failures/s', seconds, [
			{ label: 'requests/s', values: history.map((p) => p.rps) },
			{ label: 'failures/s', values: history.map((p) => p.fps) },
		], count),
		chart('Response time (each second)', seconds, [
			{ label: 'p50', values: history.map((p) => (p.p50Ms > 0 ? p.p50Ms : null)) },
			{ label: 'p95', values: history.map((p) => (p.p95Ms > 0 ? p.p95Ms : null)) },
			{ label: 'p99', values: history.map((p) => (p.p99Ms > 0 ? p.p99Ms : null)) },
		], msTick),
	];
	const workers = doc.workerHistory ?? [];
	if (workers.length > 0) {
		parts.push(chart('Requests/s per worker', seconds, workers.map((w) => ({ label: w.id, values: w.requests })), count));
	}
	return `<h2 id="charts">Over time</h2>${parts.join('\n')}`;
}

const PERCENTILES = ['p50', 'p66', 'p75', 'p80', 'p90', 'p95', 'p98', 'p99', 'p99.9', 'p99.99', 'p100'];

function requestRow(r: JsonEndpoint): string {
	return `<tr>${txt(r.method)}${txt(r.name, 'text')}${num(r.requests, formatCount(r.requests))}${num(r.failures, formatCount(r.failures))}${num(r.medianMs, formatMs(r.medianMs))}${num(r.avgMs, formatMs(r.avgMs))}${num(r.minMs, formatMs(r.minMs))}${num(r.maxMs, formatMs(r.maxMs))}${num(r.avgContentBytes, String(Math.round(r.avgContentBytes)))}${num(r.rps, formatRate(r.rps))}${num(r.fps, formatRate(r.fps))}</tr>`;
}

function percentileRow(r: JsonEndpoint): string {
	const cells = PERCENTILES.map((k) => {
		const v = r.percentiles[k] ?? 0;
		return r.requests > 0 ? num(v, formatMs(v)) : '<td data-v="0">N/A</td>';
	});
	return `<tr>${txt(r.method)}${txt(r.name, 'text')}${cells.join('')}</tr>`;
}

function requests(doc: JsonSummary): string {
	const stats = table(
		['Type', 'Name', '# Requests', '# Fails', 'Median (ms)', 'Average (ms)', 'Min (ms)', 'Max (ms)', 'Average size (bytes)', 'RPS', 'Failures/s'],
		doc.endpoints.map(requestRow),
		requestRow(doc.aggregated),
	);
	const times = table(['Type', 'Name', ...PERCENTILES.map((k) => `${k.slice(1)}%`)], doc.endpoints.map(percentileRow), percentileRow(doc.aggregated));
	return `<h2 id="requests">Request statistics</h2>${stats}<h2 id="response-times">Response time percentiles (ms)</h2>${times}`;
}

function workerRow(w: JsonWorker): string {
	const p = (k: string) => (w.requests > 0 ? num(w.percentiles[k] ?? 0, formatMs(w.percentiles[k] ?? 0)) : '<td data-v="0">N/A</td>');
	const opt = (v: number | null) => (v === null ? '<td data-v="-1"></td>' : num(v, v.toFixed(1)));
	return `<tr>${txt(w.id)}${txt(w.state)}${num(w.users, String(w.users))}${num(w.requests, formatCount(w.requests))}${num(w.failures, formatCount(w.failures))}${num(w.rps, formatRate(w.rps))}${p('p50')}${p('p95')}${p('p99')}${opt(w.cpuPercent)}${opt(w.memoryMb)}</tr>`;
}

function workers(doc: JsonSummary): string {
	return `<h2 id="workers">Workers</h2>${table(['Worker', 'State', 'Users', '# Requests', '# Fails', 'RPS', '50%ile (ms)', '95%ile (ms)', '99%ile (ms)', 'CPU %', 'Memory MB'], doc.workers.map(workerRow))}`;
}

/**
 * The frame of a traceback that is in the plan (the line to look at), else its first frame.
 * `at task (/plans/shop.ts:12:5)` → `/plans/shop.ts:12:5`.
 */
export function planLine(traceback: string, plan: string | null): string {
	const frames = [...traceback.matchAll(/^\s*at (?:.*? \()?(.+?:\d+:\d+)\)?\s*$/gm)].map((m) => m[1]!);
	const base = plan?.split(/[\\/]/).pop();
	return (base ? frames.find((f) => f.includes(base)) : undefined) ?? frames.find((f) => !f.startsWith('node:') && !f.includes('node_modules')) ?? frames[0] ?? '';
}

function problems(doc: JsonSummary): string {
	const failures = table(['Method', 'Name', 'Error', 'Occurrences'], doc.errors.map((f) => `<tr>${txt(f.method)}${txt(f.name, 'text')}${txt(f.error, 'text')}${num(f.occurrences, formatCount(f.occurrences))}</tr>`));
	const exceptions = table(
		['Count', 'Message', 'Plan line', 'Traceback', 'Workers'],
		doc.exceptions.map((x) => `<tr>${num(x.count, formatCount(x.count))}${txt(x.message, 'text')}${txt(planLine(x.traceback, doc.run.plan), 'text')}<td class="text"><pre>${e(x.traceback)}</pre></td>${txt(x.workers.join(', '), 'text')}</tr>`),
	);
	return `<h2 id="failures">Failures</h2>${failures}<h2 id="exceptions">Exceptions</h2>${exceptions}`;
}

/** The whole report page. */
export function renderHtmlReport(doc: JsonSummary): string {
	const title = `Drove report: ${doc.run.plan ?? 'run'} ${doc.run.startedAt.slice(0, 19).replace('T', ' ')}`;
	const body = [
		`<h1>${e(title)}</h1>`,
		`<p class="sub">${e(doc.run.host ?? '')} · ${e(formatElapsed(doc.run.durationSeconds * 1000))} · exit code ${doc.run.exitCode} (${e(doc.run.stopReason)})</p>`,
		runFacts(doc),
		doc.thresholds === undefined || doc.thresholds.length === 0 ? '' : thresholds(doc.thresholds),
		charts(doc),
		requests(doc),
		workers(doc),
		problems(doc),
	].join('\n');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="drove">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
