import React from 'react';
import { Box, Text } from 'ink';
import type { DashboardModel, LogLevel, LogLine } from '../dashboard-model.ts';
import { formatClock, truncate, truncateMiddle } from '../../format.ts';
import useTint from '../hooks/use-tint.ts';

const levels: Record<LogLevel, { word: string; color?: string }> = {
	info: { word: 'info ' },
	warn: { word: 'WARN ', color: 'yellow' },
	error: { word: 'ERROR', color: 'red' },
};

/** Props of {@link LogView}. */
export interface LogViewProps {
	log: readonly LogLine[];
	dropped: DashboardModel['dropped'];
	width: number;
	height: number;
}

/** The newest log lines that fit, oldest at the top, each cut to one line. Times are UTC. */
export default function LogView({ log, dropped, width, height }: LogViewProps) {
	const tint = useTint();
	const shown = log.slice(-Math.max(1, height - 1));
	// Dropped messages are counted since the start, so a user learns of them after their lines scroll out.
	const drops = [dropped.malformed > 0 ? `${dropped.malformed} malformed message${dropped.malformed === 1 ? '' : 's'} dropped` : '', dropped.refused > 0 ? `${dropped.refused} refused by the broker` : ''].filter(Boolean);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text dimColor>{`log: ${log.length} line${log.length === 1 ? '' : 's'}, newest last (times UTC)`}</Text>
				{drops.length > 0 ? <Text color={tint('yellow')}>{`  ${drops.join(', ')}`}</Text> : null}
			</Text>
			{shown.map((line, index) => {
				const level = levels[line.level];
				const source = truncateMiddle(line.source, 16);
				// "HH:MM:SS LEVEL source text": 8 + 1 + 5 + 1 + source + 1.
				const used = 16 + Array.from(source).length;
				return (
					<Text key={index} wrap="truncate-end">
						<Text dimColor>{`${formatClock(line.atMs)} `}</Text>
						<Text color={level.color ? tint(level.color) : undefined} bold={line.level !== 'info'}>{level.word}</Text>
						{` ${source} ${truncate(line.text, Math.max(1, width - used))}`}
					</Text>
				);
			})}
		</Box>
	);
}
