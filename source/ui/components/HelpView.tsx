import React from 'react';
import { Box, Text } from 'ink';
import { keyTable } from '../dashboard-keys.ts';
import { fit } from '../../format.ts';
import { markRuleHelp } from '../worker-marks.ts';

/** Props of {@link HelpView}. */
export interface HelpViewProps {
	width: number;
	height: number;
}

/** Every key, the worker-mark rule, and how to get colour off; cut to the space there is. */
export default function HelpView({ width, height }: HelpViewProps) {
	const lines: { text: string; bold?: boolean }[] = [
		{ text: 'Keys', bold: true },
		...keyTable.map((key) => ({ text: `${fit(key.keys, 6)} ${key.long}` })),
		{ text: 'Workers', bold: true },
		...markRuleHelp.map((text) => ({ text })),
		{ text: 'Colour is off under NO_COLOR; marks and states are words too.' },
	];
	return (
		<Box flexDirection="column" width={width}>
			{lines.slice(0, Math.max(1, height)).map((line, index) => (
				<Text key={index} bold={line.bold} wrap="truncate-end">
					{line.text}
				</Text>
			))}
		</Box>
	);
}
