/**
 * `drove report SUMMARY.json --html OUT.html [--junit OUT.xml]`: the end-of-run reports again,
 * from a summary saved with `--json`, e.g. in a later CI step or on another machine.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/config.ts';
import { DroveError, ExitCode } from '../errors.ts';
import type { JsonSummary } from '../report/json-summary.ts';
import { JSON_SUMMARY_SCHEMA_VERSION } from '../report/json-summary.ts';
import { writeReportFiles } from './report-files.ts';

/** Reads and checks a saved summary: a readable file, JSON, and a schema version this Drove reads. */
export async function readSummary(path: string): Promise<JsonSummary> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new DroveError('REPORT_INPUT', `report: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.usage);
	}
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch {
		throw new DroveError('REPORT_INPUT', `report: ${path} is not JSON; give the document drove --json printed`, ExitCode.usage);
	}
	const version = (doc as { schemaVersion?: unknown } | null)?.schemaVersion;
	const shaped = typeof doc === 'object' && doc !== null && 'run' in doc && 'aggregated' in doc && 'endpoints' in doc;
	if (!shaped || version !== JSON_SUMMARY_SCHEMA_VERSION) {
		throw new DroveError('REPORT_INPUT', `report: ${path} is not a drove --json summary of schemaVersion ${JSON_SUMMARY_SCHEMA_VERSION}`, ExitCode.usage);
	}
	return doc as JsonSummary;
}

/** Renders the reports the flags ask for; resolves to the exit code. */
export async function runReport(config: Config, summaryPath: string): Promise<number> {
	const summary = await readSummary(summaryPath);
	await writeReportFiles(summary, config);
	return ExitCode.ok;
}
