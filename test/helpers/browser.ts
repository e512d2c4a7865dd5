/**
 * Debian's headless Chromium, driven with playwright-core (no browser download: the system's
 * /usr/bin/chromium), for tests of the HTML report as a reader opens it: from disk, offline.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Skip reason, or false; throws when CI requires the browser (.ci/run installs it). */
export function chromiumSkip(): string | false {
	if (existsSync(CHROMIUM)) return false;
	if (process.env['DROVE_REQUIRE_CHROMIUM']) throw new Error('chromium is not installed, and DROVE_REQUIRE_CHROMIUM is set (.ci/run installs it)');
	return 'chromium is not installed (.ci/run installs it)';
}

/** What the page showed. */
export interface ReportView {
	consoleErrors: string[];
	/** Any request the page tried that was not its own file. */
	externalRequests: string[];
	/** Per chart: its lines' total drawn length in px, and how many lines have any. */
	charts: Array<{ label: string; drawnLines: number; drawnLength: number; width: number; height: number }>;
	/** Whether clicking a column heading sorted the table (aria-sort set, rows reordered). */
	sorted: boolean;
	/** The body's computed background colour. */
	background: string;
}

interface After {
	after(fn: () => unknown): void;
}

/**
 * Opens `htmlPath` at 1280 px wide in `scheme`, saves a full-page screenshot to `screenshot`.
 */
export async function viewReport(t: After, htmlPath: string, screenshot: string, scheme: 'light' | 'dark' = 'light'): Promise<ReportView> {
	const profile = mkdtempSync(join(tmpdir(), 'drove-chromium-'));
	const opened: { context?: Awaited<ReturnType<typeof chromium.launchPersistentContext>> } = {};
	// One hook: close, then remove. With two hooks the profile's removal ran before Chromium
	// closed, and a full run failed with ENOTEMPTY on it. Retries for files a closing Chromium
	// may still flush.
	t.after(async () => {
		await opened.context?.close();
		rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
	});
	const context = (opened.context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1280, height: 900 },
		colorScheme: scheme,
		offline: true,
	}));
	const consoleErrors: string[] = [];
	const externalRequests: string[] = [];
	const url = pathToFileURL(htmlPath).href;
	await context.route('**/*', (route) => {
		if (route.request().url() === url) return route.continue();
		externalRequests.push(route.request().url());
		return route.abort();
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.on('console', (message) => {
		if (message.type() === 'error') consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => consoleErrors.push(String(error)));
	await page.goto(url, { waitUntil: 'load' });
	// In-page code as text: the test program has no DOM types, and needs none elsewhere.
	const charts = (await page.evaluate(`[...document.querySelectorAll('svg.chart')].map((svg) => {
		const lengths = [...svg.querySelectorAll('path.line')].map((p) => (p.getAttribute('d') ? p.getTotalLength() : 0));
		const box = svg.getBoundingClientRect();
		return { label: svg.getAttribute('aria-label') || '', drawnLines: lengths.filter((l) => l > 0).length, drawnLength: lengths.reduce((a, b) => a + b, 0), width: box.width, height: box.height };
	})`)) as ReportView['charts'];
	const sorted = (await page.evaluate(`(() => {
		const table = document.querySelector('#requests + div table');
		const button = table && table.querySelector('th:nth-child(3) button');
		if (!button) return false;
		button.click();
		const counts = [...table.querySelectorAll('tbody tr:not(.total) td:nth-child(3)')].map((td) => Number(td.dataset.v));
		return button.parentElement.getAttribute('aria-sort') === 'descending' && counts.every((n, i) => i === 0 || counts[i - 1] >= n);
	})()`)) as boolean;
	const background = (await page.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
	await page.screenshot({ path: screenshot, fullPage: true });
	return { consoleErrors, externalRequests, charts, sorted, background };
}
