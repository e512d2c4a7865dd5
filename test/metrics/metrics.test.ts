// The Prometheus metrics from a real snapshot, and the metrics server over real HTTP on
// 127.0.0.1: routes, the live document, and the bearer token a non-loopback host requires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { metricsNeedToken, startMetricsServer } from '../../source/metrics/metrics-server.ts';
import { PrometheusMetrics } from '../../source/metrics/prometheus.ts';
import { sampleRun } from '../report/fixtures.ts';
import { samples } from '../helpers/prometheus-text.ts';

void test('the metrics the issue lists, from one snapshot, with the total row and per-worker series', async () => {
	const { snapshot, workers } = sampleRun();
	const metrics = new PrometheusMetrics();
	metrics.update({ snapshot, users: 10, targetUsers: 12, workers, thresholds: [{ expression: 'p95 < 300', value: 250, ok: true }, { expression: 'rps > 1e6', value: 105, ok: false }] });
	const text = await metrics.text();
	const s = samples(text);
	assert.equal(s.get('drove_users'), 10);
	assert.equal(s.get('drove_target_users'), 12);
	assert.equal(s.get('drove_workers{state="running"}'), 2);
	assert.equal(s.get('drove_workers{state="missing"}'), 1);
	assert.equal(s.get('drove_requests_total{method="GET",name="/item/[id]"}'), 1000);
	assert.equal(s.get('drove_failures_total{method="GET",name="/item/[id]"}'), 20);
	assert.equal(s.get('drove_requests_total{method="",name="Aggregated"}'), 2100);
	assert.equal(s.get('drove_requests_total{method="POST",name="/login, then \\"home\\""}'), 100, 'label values escaped');
	const p99 = s.get('drove_response_time_seconds{method="GET",name="/item/[id]",quantile="0.99"}')!;
	assert.ok(p99 > 0.2 && p99 < 0.26, `p99 in seconds: ${p99}`);
	assert.ok(s.has('drove_requests_per_second{method="",name="Aggregated"}'));
	assert.equal(s.get('drove_worker_users{worker="worker-a"}'), 5);
	assert.equal(s.get('drove_worker_cpu_percent{worker="worker-a"}'), 41.23);
	assert.equal(s.has('drove_worker_cpu_percent{worker="worker-b"}'), false, 'no CPU figure when none was reported');
	assert.equal(s.get('drove_worker_requests_total{worker="worker-b"}'), 1100);
	assert.equal(s.get('drove_threshold_passing{threshold="p95 < 300"}'), 1);
	assert.equal(s.get('drove_threshold_passing{threshold="rps > 1e6"}'), 0);
	assert.match(text, /# TYPE drove_requests_total counter/);

	// After a reset the old series go: nothing lingers from the previous view.
	metrics.update({ snapshot: { ...snapshot, endpoints: [] }, users: 0, targetUsers: 0, workers: [] });
	const after = samples(await metrics.text());
	assert.equal(after.has('drove_requests_total{method="GET",name="/item/[id]"}'), false);
	assert.equal(after.has('drove_worker_users{worker="worker-a"}'), false);
});

void test('loopback serves without a token; any other host needs one', () => {
	for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) assert.equal(metricsNeedToken(host), false, host);
	for (const host of ['0.0.0.0', '::', '10.0.0.5', 'master.example']) assert.equal(metricsNeedToken(host), true, host);
});

void test('the server: /metrics and /stats over HTTP, 404 elsewhere, 401 without the bearer token when one is set', async (t) => {
	let scrapes = 0;
	const options = {
		host: '127.0.0.1',
		port: 0,
		metrics: async () => ({ text: `drove_users ${++scrapes}\n`, contentType: 'text/plain; version=0.0.4; charset=utf-8' }),
		stats: () => ({ schemaVersion: 1, run: { stopReason: 'running' } }),
	};
	const open = await startMetricsServer({ ...options, token: undefined });
	t.after(() => open.close());
	const m = await request(`${open.url}/metrics`);
	assert.equal(m.statusCode, 200);
	assert.match(String(m.headers['content-type']), /^text\/plain; version=0\.0\.4/);
	assert.equal(await m.body.text(), 'drove_users 1\n');
	const st = await request(`${open.url}/stats`);
	assert.equal(st.statusCode, 200);
	assert.deepEqual(await st.body.json(), { schemaVersion: 1, run: { stopReason: 'running' } });
	const missing = await request(`${open.url}/`);
	assert.equal(missing.statusCode, 404);
	await missing.body.dump();
	const post = await request(`${open.url}/metrics`, { method: 'POST', body: 'x' });
	assert.equal(post.statusCode, 405);
	await post.body.dump();

	const guarded = await startMetricsServer({ ...options, token: 's3cret-token' });
	t.after(() => guarded.close());
	for (const authorization of [undefined, 'Bearer wrong', 'Basic s3cret-token', 's3cret-token']) {
		for (const path of ['/metrics', '/stats']) {
			const res = await request(`${guarded.url}${path}`, { headers: authorization === undefined ? {} : { authorization } });
			assert.equal(res.statusCode, 401, `${path} with ${authorization}`);
			assert.match(String(res.headers['www-authenticate']), /^Bearer/);
			await res.body.dump();
		}
	}
	const ok = await request(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
	assert.equal(ok.statusCode, 200);
	assert.match(await ok.body.text(), /^drove_users \d+\n$/);
});

void test('a taken port is one clear error (exit code 2)', async (t) => {
	const first = await startMetricsServer({ host: '127.0.0.1', port: 0, token: undefined, metrics: async () => ({ text: '', contentType: 'text/plain' }), stats: () => ({}) });
	t.after(() => first.close());
	await assert.rejects(
		startMetricsServer({ host: '127.0.0.1', port: first.port, token: undefined, metrics: async () => ({ text: '', contentType: 'text/plain' }), stats: () => ({}) }),
		(error: Error & { exitCode?: number }) => /--metrics-port \d+ on 127\.0\.0\.1: cannot listen: the port is in use/.test(error.message) && error.exitCode === 2,
	);
});
