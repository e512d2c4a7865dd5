import React from 'react';
import type { DashboardActions, DashboardModel } from '../dashboard-model.ts';
import type { ViewId } from '../views.tsx';
import useDashboardKeys from '../hooks/use-dashboard-keys.ts';
import useModel from '../hooks/use-model.ts';
import useTerminalSize from '../hooks/use-terminal-size.ts';
import Dashboard from './Dashboard.tsx';

/** Props of {@link DashboardApp}. */
export interface DashboardAppProps {
	/** Produces the current model; called every `refreshMs` and after each key that acts. */
	getModel: () => DashboardModel;
	actions: DashboardActions;
	/** How often the model is pulled, ms. */
	refreshMs: number;
	initialView?: ViewId;
}

/**
 * The live dashboard: pulls the model, reads the terminal size and the keys, and renders
 * {@link Dashboard}. All state that is not the run's (view, prompt) lives here.
 */
export default function DashboardApp({ getModel, actions, refreshMs, initialView }: DashboardAppProps) {
	const { model, refresh } = useModel(getModel, refreshMs);
	const { columns, rows } = useTerminalSize();
	const { ui, interactive } = useDashboardKeys({
		actions,
		run: { state: model.header.state, targetUsers: model.header.targetUsers },
		initialView,
		onCommand: refresh,
	});
	return <Dashboard model={model} ui={ui} columns={columns} rows={rows} interactive={interactive} />;
}
