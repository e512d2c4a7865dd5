import React from 'react';
import { Text } from 'ink';
import { views, type ViewId } from '../views.tsx';

/** Props of {@link TabBar}. */
export interface TabBarProps {
	view: ViewId;
	/** The help view is open (no tab is current). */
	help: boolean;
	/** Shown next to the Failures tab when there are any. */
	failureCount: number;
}

/** The views, numbered by their keys; the current one in inverse video (reads without colour). */
export default function TabBar({ view, help, failureCount }: TabBarProps) {
	return (
		<Text wrap="truncate-end">
			{views.map(({ id, title }, index) => {
				const count = id === 'failures' && failureCount > 0 ? ` ${failureCount}` : '';
				const label = ` ${index + 1} ${title}${count} `;
				return (
					<Text key={id} inverse={!help && id === view} bold={!help && id === view}>
						{label}
					</Text>
				);
			})}
			<Text inverse={help} bold={help}>
				{' ? Help '}
			</Text>
		</Text>
	);
}
