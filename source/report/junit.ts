/**
 * `--junit`: the run's verdicts as JUnit XML, the format CI systems (GitLab, Jenkins, GitHub
 * test reporters) show as tests. One test case per threshold (named by its expression, failing
 * with its value), one "no failed requests" and one "no task exceptions", the two things
 * `--exit-code-on-error` fails a run on. Pure: the `--json` summary in, XML text out; written
 * with fast-xml-parser's builder, which escapes what it must.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { formatCount, formatPercent } from '../format.ts';
import type { JsonSummary, ThresholdResult } from './json-summary.ts';

/** What the verdicts need besides the summary. */
export interface JunitOptions {
	/** `--exit-code-on-error`: 0 means failed requests and exceptions do not fail the run, so their cases are skipped. */
	exitCodeOnError: number;
}

/** Errors listed in a failure's body, most frequent first. */
const MAX_LISTED = 20;

/** XML 1.0 has no way to write most control characters (an error text may hold ANSI codes). */
function xmlText(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

interface Case {
	'@_name': string;
	'@_classname': string;
	'@_time': string;
	failure?: { '@_message': string; '@_type': string; '#text': string };
	skipped?: { '@_message': string };
}

function thresholdCase(t: ThresholdResult): Case {
	const value = t.value === null ? 'no value' : String(t.value);
	const c: Case = { '@_name': xmlText(t.expression), '@_classname': 'drove.thresholds', '@_time': '0' };
	if (!t.ok) c.failure = { '@_message': xmlText(t.message ?? `${t.expression}: value ${value}`), '@_type': 'threshold', '#text': xmlText(`value: ${value}${t.message ? `\n${t.message}` : ''}`) };
	return c;
}

function requestsCase(doc: JsonSummary, options: JunitOptions): Case {
	const { requests, failures, failRatio } = doc.aggregated;
	const c: Case = { '@_name': 'no failed requests', '@_classname': 'drove.requests', '@_time': String(doc.run.durationSeconds) };
	if (failures === 0) return c;
	const message = `${formatCount(failures)} of ${formatCount(requests)} requests failed (${formatPercent(failRatio)})`;
	if (options.exitCodeOnError === 0) {
		c.skipped = { '@_message': xmlText(`${message}; --exit-code-on-error 0 does not fail the run on them`) };
		return c;
	}
	const lines = doc.errors.slice(0, MAX_LISTED).map((e) => `${e.method} ${e.name}: ${e.error} (${e.occurrences})`);
	if (doc.errors.length > MAX_LISTED) lines.push(`... and ${doc.errors.length - MAX_LISTED} more kinds`);
	c.failure = { '@_message': xmlText(message), '@_type': 'failed-requests', '#text': xmlText(lines.join('\n')) };
	return c;
}

function exceptionsCase(doc: JsonSummary, options: JunitOptions): Case {
	const c: Case = { '@_name': 'no task exceptions', '@_classname': 'drove.exceptions', '@_time': '0' };
	const count = doc.exceptions.reduce((sum, x) => sum + x.count, 0);
	if (count === 0) return c;
	const message = `tasks threw ${formatCount(count)} time${count === 1 ? '' : 's'}`;
	if (options.exitCodeOnError === 0) {
		c.skipped = { '@_message': xmlText(`${message}; --exit-code-on-error 0 does not fail the run on them`) };
		return c;
	}
	const body = doc.exceptions.slice(0, MAX_LISTED).map((x) => `${x.count} x ${x.traceback || x.message}`).join('\n\n');
	c.failure = { '@_message': xmlText(`${message}: ${doc.exceptions[0]!.message}`), '@_type': 'exception', '#text': xmlText(body) };
	return c;
}

/** The JUnit XML document. */
export function renderJunit(doc: JsonSummary, options: JunitOptions): string {
	const cases = [...(doc.thresholds ?? []).map(thresholdCase), requestsCase(doc, options), exceptionsCase(doc, options)];
	const failures = cases.filter((c) => c.failure).length;
	const skipped = cases.filter((c) => c.skipped).length;
	const time = String(doc.run.durationSeconds);
	const name = xmlText(`drove ${doc.run.plan ?? 'run'}`);
	const properties = Object.entries(doc.run).map(([key, value]) => ({ '@_name': key, '@_value': xmlText(String(value)) }));
	const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
	return builder.build({
		'?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
		testsuites: {
			'@_name': 'drove',
			'@_tests': cases.length,
			'@_failures': failures,
			'@_errors': 0,
			'@_skipped': skipped,
			'@_time': time,
			testsuite: {
				'@_name': name,
				'@_tests': cases.length,
				'@_failures': failures,
				'@_errors': 0,
				'@_skipped': skipped,
				'@_time': time,
				'@_timestamp': doc.run.startedAt,
				properties: { property: properties },
				testcase: cases,
			},
		},
	}) as string;
}
