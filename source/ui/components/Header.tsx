import React from 'react';
import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import type { HeaderModel, RunState } from '../dashboard-model.ts';
import { formatStopwatch, formatPercent, compactRate } from '../../format.ts';
import useTint from '../hooks/use-tint.ts';

/** How each run state reads, and its colour. Upper case so it stands out without colour. */
const states: Record<RunState, { word: string; color: string }> = {
	waiting: { word: 'WAITING FOR WORKERS', color: 'yellow' },
	ready: { word: 'READY', color: 'cyan' },
	spawning: { word: 'SPAWNING', color: 'blue' },
	running: { word: 'RUNNING', color: 'green' },
	stopping: { word: 'STOPPING', color: 'yellow' },
	stopped: { word: 'STOPPED', color: 'gray' },
};

/**
 * The state word. A fleet ramping down to a lower target is in the `spawning` state too, but
 * "SPAWNING" while the user count falls reads wrong.
 */
export function stateWord(header: Pick<HeaderModel, 'state' | 'users' | 'targetUsers'>): { word: string; color: string } {
	if (header.state === 'spawning' && header.users > header.targetUsers) return { word: 'STOPPING USERS', color: 'blue' };
	return states[header.state];
}

/**
 * Users as `running/target`. More than the target run for a moment when the fleet rebalances
 * (a worker joins, or comes back from a stall, before its share is taken from the others) or
 * ramps down: those are on their way out, so they show as `+N stopping`, not as `21/20`.
 */
export function usersText(header: Pick<HeaderModel, 'users' | 'targetUsers'>): { running: string; extra: string } {
	const excess = header.users - header.targetUsers;
	if (excess <= 0) return { running: `${header.users}`, extra: '' };
	return { running: `${header.targetUsers}`, extra: ` (+${excess} stopping)` };
}

/** `2 workers, 0 missing`; `1 of 2 workers` while fewer than expected are there. */
export function workersText(header: Pick<HeaderModel, 'workersReady' | 'workersExpected'>): string {
	const { workersReady: ready, workersExpected: expected } = header;
	if (expected !== undefined && ready < expected) return `${ready} of ${expected} workers`;
	return `${ready} worker${ready === 1 ? '' : 's'}`;
}

/**
 * The threshold tally in three parts, the verdict word being the one drawn in colour:
 * `thresholds 1/2 ` + `FAIL` + ` rps > 1000 (41.45/s) +1 more`; undefined without thresholds.
 */
function thresholdParts(header: Pick<HeaderModel, 'thresholds' | 'thresholdsPending'>): { tally: string; ok: boolean | undefined; detail: string } | undefined {
	const thresholds = header.thresholds ?? [];
	const pending = header.thresholdsPending ?? 0;
	// Before the first verdicts: that they are there, with no verdict yet (no FAIL without evidence).
	if (thresholds.length === 0) return pending > 0 ? { tally: `thresholds ${pending}, judged once the test runs`, ok: undefined, detail: '' } : undefined;
	const failing = thresholds.filter((t) => !t.ok);
	const first = failing[0];
	return {
		tally: `thresholds ${thresholds.length - failing.length}/${thresholds.length} `,
		ok: first === undefined,
		detail: first === undefined ? '' : ` ${first.expression} (${first.value})${failing.length > 1 ? ` +${failing.length - 1} more` : ''}`,
	};
}

/** The verdict word of a tally: none before the first verdicts. */
const verdictWord = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'ok' : 'FAIL');

/** The tally as it reads without colour. */
function thresholdsText(header: Pick<HeaderModel, 'thresholds' | 'thresholdsPending'>): string {
	const parts = thresholdParts(header);
	return parts === undefined ? '' : `${parts.tally}${verdictWord(parts.ok)}${parts.detail}`;
}

/**
 * The lines under the first two: none; one with the shape and the thresholds side by side; or,
 * when that line would not fit `columns`, the shape on one and the thresholds on the next, so a
 * narrow terminal never cuts off a FAIL.
 */
export function extraLines(header: HeaderModel, columns: number = Infinity): Array<'shape' | 'thresholds' | 'both'> {
	const shape = header.shape === undefined ? '' : `shape ${header.shape}`;
	const thresholds = thresholdsText(header);
	if (shape === '' && thresholds === '') return [];
	if (shape === '' || thresholds === '') return ['both'];
	return stringWidth(`${shape}  ${thresholds}`) <= columns ? ['both'] : ['shape', 'thresholds'];
}

/** Lines the header takes at `columns`: two, plus the shape's and the thresholds' (see extraLines). */
export function headerLines(header: HeaderModel, columns: number = Infinity): number {
	return 2 + extraLines(header, columns).length;
}

/** Props of {@link Header}. */
export interface HeaderProps {
	header: HeaderModel;
	/** The terminal's width: a shape and thresholds that do not fit one line take two. */
	columns?: number;
}

/**
 * The two always-visible lines: what the run is doing and how the target is holding up.
 * The least important field of each line (time left, host) comes last, so a narrow terminal
 * truncates it first.
 */
export default function Header({ header, columns }: HeaderProps) {
	const tint = useTint();
	const state = stateWord(header);
	const users = usersText(header);
	const failing = header.failureRatio > 0;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>drove </Text>
				<Text bold color={tint(state.color)}>{state.word}</Text>
				{'  users '}
				<Text bold>{users.running}</Text>/{header.targetUsers}
				{users.extra === '' ? '' : <Text dimColor>{users.extra}</Text>}
				{`  rate ${compactRate(header.spawnRate)}/s`}
				{`  elapsed ${formatStopwatch(header.elapsedMs)}`}
				{header.remainingMs === undefined ? '' : `  left ${formatStopwatch(header.remainingMs)}`}
			</Text>
			<Text wrap="truncate-end">
				{'req/s '}
				<Text bold>{compactRate(header.totalRps)}</Text>
				{'  fail '}
				<Text bold color={failing ? tint('red') : undefined}>{formatPercent(header.failureRatio)}</Text>
				{`  ${workersText(header)}, `}
				{header.workersMissing > 0 ? <Text bold color={tint('red')}>{`${header.workersMissing} MISSING`}</Text> : '0 missing'}
				{header.host ? `  host ${header.host}` : ''}
			</Text>
			{extraLines(header, columns).map((part) => <ShapeAndThresholds key={part} header={header} part={part} />)}
		</Box>
	);
}

/**
 * The shape's progress and the live threshold tally with the first failing threshold and its
 * value, on one line (`both`) or on a line each. Pass and fail are words as well as colours
 * (NO_COLOR safe).
 */
function ShapeAndThresholds({ header, part }: HeaderProps & { part: 'shape' | 'thresholds' | 'both' }) {
	const tint = useTint();
	const verdicts = part === 'shape' ? undefined : thresholdParts(header);
	const shape = part === 'thresholds' ? undefined : header.shape;
	return (
		<Text wrap="truncate-end">
			{shape === undefined ? '' : `shape ${shape}`}
			{shape !== undefined && verdicts !== undefined ? '  ' : ''}
			{verdicts === undefined ? null : (
				<>
					{verdicts.tally}
					{verdicts.ok === undefined ? null : <Text bold color={tint(verdicts.ok ? 'green' : 'red')}>{verdictWord(verdicts.ok)}</Text>}
					{verdicts.detail}
				</>
			)}
		</Text>
	);
}
