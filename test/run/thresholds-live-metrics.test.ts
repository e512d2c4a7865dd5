// Thresholds on the live endpoints, as a Grafana or a script watching a run sees them: the real
// `drove` with one local worker against the fixture target on 127.0.0.1, one threshold that
// passes and one that cannot, scraped while the load runs; then Ctrl-C and the final verdicts.
// Event-driven: it polls the endpoints until the run shows what is asserted (bounded), never
// sleeps a fixed time and never depends on how far a loaded machine got in N seconds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { samples } from '../helpers/prometheus-text.ts';
import { useTarget } from '../helpers/target.ts';
import { DroveProcess, fixturePlan } from './drove-cli.ts';

const PASSING = 'requests > 0';
const FAILING = 'rps > 1000000';
const passing = (threshold: string): string => `drove_threshold_passing{threshold="${threshold}"}`;

interface LiveThreshold {
	expression: string;
	value: number | null;
	ok: boolean;
}

interface Scrape {
	metrics: Map<string, number>;
	stats: { run: { stopReason: string; exitCode: number }; aggregated: { requests: number }; thresholds?: LiveThreshold[] };
}

async function scrape(base: string): Promise<Scrape> {
	const metrics = await request(`${base}/metrics`);
	const text = await metrics.body.text();
	const stats = await request(`${base}/stats`);
	return { metrics: samples(text), stats: (await stats.body.json()) as Scrape['stats'] };
}

void test('--metrics-port: drove_threshold_passing and /stats thresholds are live, 1 for the passing one and 0 for the failing one, and final after the stop', async (t) => {
	const target = await useTarget(t);
	// -t only bounds the load if the test fails before its Ctrl-C: the test ends the run itself.
	const drove = new DroveProcess(
		['-f', fixturePlan('steady.ts'), '--headless', '-u', '2', '-r', '10', '-t', '150s', '-H', target.url, '--processes', '1', '--json', '--metrics-port', '0', '--threshold', PASSING, '--threshold', FAILING],
		t,
	);
	await drove.waitForStderr(/metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics/, 60_000);
	const base = /metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(drove.stderr)![1]!;

	// Before any request both are judged and neither passes: a gate never passes on no evidence.
	const first = await scrape(base);
	assert.equal(first.metrics.get(passing(FAILING)), 0, 'the failing threshold is exposed from the first scrape');

	// Poll until the load has produced requests while the run is live (bounded: 60 s on a loaded box).
	let live: Scrape | undefined;
	const deadline = Date.now() + 60_000;
	while (live === undefined) {
		assert.ok(Date.now() < deadline, `no live scrape with requests within 60 s; stderr:\n${drove.stderr.slice(-2000)}`);
		const one = await scrape(base);
		if (one.stats.run.stopReason === 'running' && one.metrics.get(passing(PASSING)) === 1) live = one;
		else await new Promise((resolve) => setTimeout(resolve, 200));
	}
	assert.equal(live.metrics.get(passing(FAILING)), 0, 'the failing threshold reads 0 while the run is live');
	const verdicts = live.stats.thresholds!;
	assert.deepEqual(verdicts.map((v) => [v.expression, v.ok]), [[PASSING, true], [FAILING, false]], '/stats lists both, in order, with their verdicts');
	assert.ok(verdicts[0]!.value! > 0 && verdicts[0]!.value === live.stats.aggregated.requests, `the passing value is the request count: ${JSON.stringify(verdicts)}`);
	assert.ok(verdicts[1]!.value !== null && verdicts[1]!.value < 1_000_000, `the failing value is the live rate: ${JSON.stringify(verdicts)}`);
	assert.equal(live.stats.run.exitCode, 4, "/stats' exit code is what the run would exit with now: a threshold fails");

	drove.child.kill('SIGINT');
	const code = await drove.exitCode(50_000);
	assert.equal(code, 4, `a failed threshold exits 4; stderr:\n${drove.stderr.slice(-2000)}`);
	const summary = JSON.parse(drove.stdout) as { thresholds: LiveThreshold[] };
	assert.deepEqual(summary.thresholds.map((v) => [v.expression, v.ok]), [[PASSING, true], [FAILING, false]], 'the final verdicts agree with the live ones');
});
