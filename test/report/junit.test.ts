import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildJsonSummary, type JsonSummary, type RunInfo } from '../../source/report/json-summary.ts';
import { renderJunit } from '../../source/report/junit.ts';
import { RUN, sampleRun } from './fixtures.ts';

const run: RunInfo = RUN;

function summary(): JsonSummary {
	const { snapshot, workers } = sampleRun();
	return buildJsonSummary(snapshot, {
		...run,
		thresholds: [
			{ expression: 'p95 < 300', target: 'Aggregated', metric: 'p95', op: '<', limit: 300, value: 250, ok: true },
			{ expression: 'GET /x: p99 < 1 & "more"', target: 'GET /x', metric: 'p99', op: '<', limit: 1, value: null, ok: false, problem: 'no requests for GET /x' },
			{ expression: 'failRatio < 0.001', target: 'Aggregated', metric: 'failRatio', op: '<', limit: 0.001, value: 0.0095, ok: false },
		],
	}, workers);
}

type Parsed = { testsuites: { testsuite: { testcase: Array<Record<string, unknown>>; properties: { property: Array<Record<string, string>> } } & Record<string, string> } & Record<string, string> };

function parse(xml: string): Parsed {
	assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
	return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'property' }).parse(xml) as Parsed;
}

void test('JUnit: a case per threshold (named by its expression, failing with its value) and one for failed requests', () => {
	const doc = parse(renderJunit(summary(), { exitCodeOnError: 1 }));
	const suite = doc.testsuites.testsuite;
	assert.equal(doc.testsuites['tests'], '5');
	assert.equal(doc.testsuites['failures'], '4');
	assert.equal(suite['timestamp'], '2023-11-14T22:13:20.000Z');
	const byName = new Map(suite.testcase.map((c) => [c['name'] as string, c]));
	assert.deepEqual([...byName.keys()], ['p95 < 300', 'GET /x: p99 < 1 & "more"', 'failRatio < 0.001', 'no failed requests', 'no task exceptions']);
	assert.equal(byName.get('p95 < 300')!['failure'], undefined, 'a passing threshold has no failure');
	const missing = byName.get('GET /x: p99 < 1 & "more"')!['failure'] as Record<string, string>;
	assert.equal(missing['message'], 'no requests for GET /x');
	const ratio = byName.get('failRatio < 0.001')!['failure'] as Record<string, string>;
	assert.match(ratio['message']!, /value 0\.0095/);
	const failed = byName.get('no failed requests')!['failure'] as Record<string, string>;
	assert.equal(failed['message'], '20 of 2,100 requests failed (0.95%)');
	assert.match(failed['#text']!, /GET \/item\/\[id\]: HTTP 503: Service "Unavailable", retry \(20\)/);
	assert.match((byName.get('no task exceptions')!['failure'] as Record<string, string>)['message']!, /tasks threw 1 time: TypeError/);
	assert.ok(suite.properties.property.some((p) => p['name'] === 'stopReason' && p['value'] === 'run-time'));
});

void test('JUnit honours --exit-code-on-error 0: failed requests are skipped, not failed; a clean run passes', () => {
	const lenient = parse(renderJunit(summary(), { exitCodeOnError: 0 }));
	const requests = lenient.testsuites.testsuite.testcase.find((c) => c['name'] === 'no failed requests')!;
	assert.equal(requests['failure'], undefined);
	assert.match((requests['skipped'] as Record<string, string>)['message']!, /--exit-code-on-error 0/);
	assert.equal(lenient.testsuites['failures'], '2', 'the thresholds still fail');

	const clean = summary();
	clean.aggregated.failures = 0;
	clean.errors = [];
	clean.exceptions = [];
	delete clean.thresholds;
	const parsed = parse(renderJunit(clean, { exitCodeOnError: 1 }));
	assert.equal(parsed.testsuites['failures'], '0');
	assert.deepEqual(parsed.testsuites.testsuite.testcase.map((c) => c['name']), ['no failed requests', 'no task exceptions']);
});

void test('JUnit drops characters XML cannot hold (an error text with ANSI codes stays well-formed)', () => {
	const doc = summary();
	doc.errors[0]!.error = '\u001b[31mboom\u001b[0m';
	const xml = renderJunit(doc, { exitCodeOnError: 1 });
	assert.equal(XMLValidator.validate(xml), true);
	assert.match(xml, /\[31mboom\[0m/);
});
