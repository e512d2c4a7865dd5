import React from 'react';
import { Box, Text } from 'ink';
import type { HeaderModel, RunState } from '../dashboard-model.ts';
import { formatDuration, formatPercent, formatRate } from '../format.ts';
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
	const state = states[header.state];
	const workers = header.workersExpected === undefined ? `${header.workersReady}` : `${header.workersReady}/${header.workersExpected}`;
	const failing = header.failureRatio > 0;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>drove </Text>
				<Text bold color={tint(state.color)}>{state.word}</Text>
				{'  users '}
				<Text bold>{header.users}</Text>/{header.targetUsers}
				{`  rate ${formatRate(header.spawnRate)}/s`}
				{`  elapsed ${formatDuration(header.elapsedMs)}`}
				{header.remainingMs === undefined ? '' : `  left ${formatDuration(header.remainingMs)}`}
			</Text>
			<Text wrap="truncate-end">
				{'req/s '}
				<Text bold>{formatRate(header.totalRps)}</Text>
				{'  fail '}
				<Text bold color={failing ? tint('red') : undefined}>{formatPercent(header.failureRatio)}</Text>
				{`  workers ${workers} ready`}
				{header.workersMissing > 0 ? (
					<Text bold color={tint('red')}>{` ${header.workersMissing} MISSING`}</Text>
				) : (
					' 0 missing'
				)}
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
