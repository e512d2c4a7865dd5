import React from 'react';
import { Box } from 'ink';
import type { DashboardModel } from '../dashboard-model.ts';
import type { UiState } from '../dashboard-keys.ts';
import { viewById } from '../views.tsx';
import Footer from './Footer.tsx';
import Header, { headerLines } from './Header.tsx';
import HelpView from './HelpView.tsx';
import TabBar from './TabBar.tsx';

/** Props of {@link Dashboard}. */
export interface DashboardProps {
	model: DashboardModel;
	ui: UiState;
	/** Terminal size in cells. */
	columns: number;
	rows: number;
	/** Keys are read; false shows "keys off" in the footer. */
	interactive: boolean;
}

/** Lines the header (2), tab bar (1) and footer (1) take. */
export const chromeLines = 4;

/**
 * The whole screen, pure props → UI: header, tab bar, the current view, footer. It is one line
 * shorter than the terminal, because a frame as tall as the terminal makes Ink clear the screen
 * on every redraw (flicker over SSH). The view's box clips, so no view can push the footer off.
 */
export default function Dashboard({ model, ui, columns, rows, interactive }: DashboardProps) {
	const width = Math.max(20, columns);
	const height = Math.max(chromeLines + 1, rows - 1);
	// A shape or thresholds give the header a third line (a fourth when both do not fit one).
	const bodyHeight = height - chromeLines - (headerLines(model.header, width) - 2);
	const body = ui.help
		? <HelpView width={width} height={bodyHeight} />
		: viewById(ui.view).render({ model, sortKey: ui.sortKey, workers: { selected: ui.selected, drill: ui.drill, revealToken: ui.revealToken }, width, height: bodyHeight });
	const failureCount = model.failures.length + model.exceptions.length;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Header header={model.header} columns={width} />
			<TabBar view={ui.view} help={ui.help} failureCount={failureCount} />
			<Box flexDirection="column" height={bodyHeight} overflow="hidden">
				{body}
			</Box>
			<Footer
				width={width}
				prompt={ui.prompt}
				notice={ui.notice}
				quitting={ui.quitting}
				interactive={interactive}
				targetUsers={model.header.targetUsers}
				spawnRate={model.header.spawnRate}
				runState={model.header.state}
				shaped={model.header.shape !== undefined}
			/>
		</Box>
	);
}
