import React from 'react';
import { Box, Text } from 'ink';
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

/** Lines the header takes: a third for the load shape and thresholds when there are any. */
export function headerLines(header: HeaderModel): number {
	return header.shape !== undefined || (header.thresholds?.length ?? 0) > 0 ? 3 : 2;
}

/** Props of {@link Header}. */
export interface HeaderProps {
	header: HeaderModel;
}

/**
 * The two always-visible lines: what the run is doing and how the target is holding up.
 * The least important field of each line (time left, host) comes last, so a narrow terminal
 * truncates it first.
 */
export default function Header({ header }: HeaderProps) {
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
			{headerLines(header) === 3 ? <ShapeAndThresholds header={header} /> : null}
		</Box>
	);
}

/**
 * The third line: the shape's progress, then the live threshold tally and the first failing
 * threshold with its value. Pass and fail are words as well as colours (NO_COLOR safe).
 */
function ShapeAndThresholds({ header }: HeaderProps) {
	const tint = useTint();
	const thresholds = header.thresholds ?? [];
	const failing = thresholds.filter((t) => !t.ok);
	const first = failing[0];
	return (
		<Text wrap="truncate-end">
			{header.shape === undefined ? '' : `shape ${header.shape}`}
			{header.shape !== undefined && thresholds.length > 0 ? '  ' : ''}
			{thresholds.length === 0 ? '' : `thresholds ${thresholds.length - failing.length}/${thresholds.length} `}
			{thresholds.length === 0 ? null : failing.length === 0 ? <Text bold color={tint('green')}>ok</Text> : <Text bold color={tint('red')}>FAIL</Text>}
			{first === undefined ? '' : ` ${first.expression} (${first.value})${failing.length > 1 ? ` +${failing.length - 1} more` : ''}`}
		</Text>
	);
}
