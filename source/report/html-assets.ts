/**
 * The HTML report's style and its one small script, inlined into every report so the file
 * opens from disk or a CI artifact with no network. The charts are SVG drawn beforehand
 * (svg-chart.ts); the script only makes tables sortable, and the page works without it.
 */

/** Light and dark schemes (prefers-color-scheme), the chart colours, and print-friendly tables. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --ok: #1a7f37; --bad: #cf222e;
  --c0: #0969da; --c1: #cf222e; --c2: #1a7f37; --c3: #8250df; --c4: #bc4c00; --c5: #1b7c83; --c6: #bf3989; --c7: #6e7781; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #151b23;
    --ok: #3fb950; --bad: #f85149;
    --c0: #4493f8; --c1: #f85149; --c2: #3fb950; --c3: #ab7df8; --c4: #db6d28; --c5: #39c5cf; --c6: #db61a2; --c7: #9198a1; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 4px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px; margin: 0; }
.facts div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
td.text { text-align: left; white-space: normal; overflow-wrap: anywhere; min-width: 14ch; }
th { background: var(--panel); position: sticky; top: 0; }
th button { all: inherit; cursor: pointer; padding: 0; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
tr.total td { font-weight: 600; }
pre { margin: 0; font-size: 12px; white-space: pre-wrap; }
.chart-box { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin-bottom: 12px; }
.chart { display: block; width: 100%; height: 220px; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .axis { fill: var(--muted); font-size: 11px; }
.chart .line { fill: none; stroke-width: 1.5; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.legend { list-style: none; margin: 0 0 4px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 3px; margin-right: 5px; vertical-align: middle; }
${Array.from({ length: 8 }, (_, i) => `.chart .s${i} { stroke: var(--c${i}); } .b${i} { background: var(--c${i}); }`).join('\n')}
.empty { color: var(--muted); }
`;

/**
 * Click a column heading to sort by it, again to reverse. Cells sort by their `data-v` number
 * when they have one, else by text; the total row stays last.
 */
export const SORT_SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  const body = table.tBodies[0];
  table.querySelectorAll('th').forEach((th, col) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    th.textContent = '';
    th.append(button);
    button.addEventListener('click', () => {
      const dir = th.getAttribute('aria-sort') === 'descending' ? 1 : -1;
      table.querySelectorAll('th').forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      const rows = [...body.rows].filter((r) => !r.classList.contains('total'));
      const key = (r) => { const c = r.cells[col]; return c && c.dataset.v !== undefined ? Number(c.dataset.v) : (c ? c.textContent : ''); };
      rows.sort((a, b) => { const x = key(a), y = key(b); return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir; });
      const total = [...body.rows].filter((r) => r.classList.contains('total'));
      body.append(...rows, ...total);
    });
  });
}
`;
