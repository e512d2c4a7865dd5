import React from 'react';
import { Box, Text } from 'ink';
import type { LogLevel, LogLine } from '../dashboard-model.ts';
import { formatClock, truncate, truncateMiddle } from '../format.ts';
import useTint from '../hooks/use-tint.ts';

const levels: Record<LogLevel, { word: string; color?: string }> = {
	info: { word: 'info ' },
	warn: { word: 'WARN ', color: 'yellow' },
	error: { word: 'ERROR', color: 'red' },
};

/** Props of {@link LogView}. */
export interface LogViewProps {
	log: readonly LogLine[];
	width: number;
	height: number;
}

/** The newest log lines that fit, oldest at the top, each cut to one line. Times are UTC. */
export default function LogView({ log, width, height }: LogViewProps) {
	const tint = useTint();
	const shown = log.slice(-Math.max(1, height - 1));
	return (
		<Box flexDirection="column">
			<Text dimColor wrap="truncate-end">{`log: ${log.length} line${log.length === 1 ? '' : 's'}, newest last (times UTC)`}</Text>
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
