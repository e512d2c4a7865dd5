/**
 * The thresholds section of the end-of-run table: each threshold, its value and its verdict,
 * as words (no colour: the table goes to pipes and CI logs). Pure.
 */
import { formatThresholdValue, type ThresholdResult } from '../thresholds/evaluate-thresholds.ts';
import { renderTable, type Column, type Row } from './table.ts';

const columns: Column[] = [
	{ title: 'Result', align: 'left' },
	{ title: 'Threshold', align: 'left', max: 70 },
	{ title: 'Value', align: 'right' },
	{ title: 'Note', align: 'left', max: 80 },
];

/** `Thresholds (1 of 2 failed)` and the table; empty string without thresholds. */
export function formatThresholdTable(results: readonly ThresholdResult[]): string {
	if (results.length === 0) return '';
	const failed = results.filter((r) => !r.ok).length;
	const rows = results.map((r): Row => [r.ok ? 'pass' : 'FAIL', r.expression, formatThresholdValue(r.metric, r.value), r.problem ?? '']);
	const title = failed === 0 ? `Thresholds (all ${results.length} passed)` : `Thresholds (${failed} of ${results.length} failed)`;
	return `${title}\n${renderTable(columns, rows)}`;
}
