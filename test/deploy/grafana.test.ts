// The Grafana dashboard in deploy/grafana/ must query only metrics the master serves, and the
// master's Service must carry the scrape annotations on the port the master serves them on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PrometheusMetrics } from '../../source/metrics/prometheus.ts';

const root = new URL('../../', import.meta.url);

interface Panel {
	title: string;
	targets?: Array<{ expr: string }>;
}

void test('the Grafana dashboard is JSON whose every query names metrics the master serves', () => {
	const dashboard = JSON.parse(readFileSync(new URL('deploy/grafana/drove-dashboard.json', root), 'utf8')) as { title: string; panels: Panel[] };
	const served = new Set(new PrometheusMetrics().registry.getMetricsAsArray().map((metric) => metric.name));
	assert.ok(dashboard.panels.length >= 10, 'panels');
	const used = new Set<string>();
	for (const panel of dashboard.panels) {
		assert.ok(panel.targets && panel.targets.length > 0, `${panel.title} has a query`);
		for (const { expr } of panel.targets) for (const [name] of expr.matchAll(/\bdrove_[a-z_]+/g)) used.add(name);
	}
	assert.deepEqual([...used].filter((name) => !served.has(name)), [], 'unknown metrics');
	assert.deepEqual([...served].filter((name) => !used.has(name)), [], 'every metric has a panel');
});

void test('the master Services carry the Prometheus scrape annotations on the --metrics-port they pass', () => {
	for (const file of ['deploy/kubernetes/master.yaml', 'deploy/kubernetes/master-job.yaml']) {
		const text = readFileSync(new URL(file, root), 'utf8');
		const service = text.split(/^---$/m).find((doc) => /^kind: Service$/m.test(doc))!;
		assert.match(service, /prometheus\.io\/scrape: "true"/, file);
		assert.match(service, /prometheus\.io\/port: "9646"/, file);
		assert.match(service, /prometheus\.io\/path: \/metrics/, file);
		assert.match(text, /- --metrics-port\n\s+- "9646"/, `${file} passes --metrics-port 9646`);
	}
});
