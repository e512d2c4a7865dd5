/**
 * The dashboard's views, once: a row is a view's id, its tab title and how it draws. Its key is
 * its place in the table (1, 2, ...); the tab bar, the key reducer, the help and the screen
 * all read this table, so adding a view is adding a row.
 */
import React from 'react';
import type { DashboardModel } from './dashboard-model.ts';
import type { StatsSortKey } from './stats-sort.ts';
import ChartsView from './components/ChartsView.tsx';
import FailuresView from './components/FailuresView.tsx';
import LogView from './components/LogView.tsx';
import StatsView from './components/StatsView.tsx';
import WorkersView from './components/WorkersView.tsx';

/** What a view draws from. */
export interface ViewProps {
	model: DashboardModel;
	sortKey: StatsSortKey;
	/** The body's size in cells. */
	width: number;
	height: number;
}

/** In key order. */
export const views = [
	{ id: 'stats', title: 'Stats', render: (p: ViewProps) => <StatsView rows={p.model.stats} aggregated={p.model.aggregated} sortKey={p.sortKey} width={p.width} height={p.height} /> },
	{ id: 'workers', title: 'Workers', render: (p: ViewProps) => <WorkersView workers={p.model.workers} width={p.width} height={p.height} /> },
	{ id: 'charts', title: 'Charts', render: (p: ViewProps) => <ChartsView history={p.model.history} width={p.width} height={p.height} /> },
	{ id: 'failures', title: 'Failures', render: (p: ViewProps) => <FailuresView failures={p.model.failures} exceptions={p.model.exceptions} width={p.width} height={p.height} /> },
	{ id: 'log', title: 'Log', render: (p: ViewProps) => <LogView log={p.model.log} width={p.width} height={p.height} /> },
] as const;

export type ViewId = (typeof views)[number]['id'];

/** The view ids in key order. */
export const viewIds: readonly ViewId[] = views.map((view) => view.id);

/** The row of a view. */
export function viewById(id: ViewId): (typeof views)[number] {
	return views.find((view) => view.id === id) ?? views[0];
}
