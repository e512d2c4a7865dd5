import React, { useCallback, useEffect, useMemo, useRef } from 'react';
import { useStdout } from 'ink';
import type { DashboardActions, DashboardFocus, DashboardModel } from '../dashboard-model.ts';
import type { ViewId } from '../views.tsx';
import useDashboardKeys from '../hooks/use-dashboard-keys.ts';
import useModel from '../hooks/use-model.ts';
import useTerminalSize from '../hooks/use-terminal-size.ts';
import Dashboard from './Dashboard.tsx';
import { orderWorkers } from './WorkersView.tsx';

/** Props of {@link DashboardApp}. */
export interface DashboardAppProps {
	/** Produces the current model; called every `refreshMs` and after each key that acts. */
	getModel: (focus?: DashboardFocus) => DashboardModel;
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
	// The worker drilled into: read by the model pull, set once the keys are read below.
	const focus = useRef<DashboardFocus>({});
	const pull = useCallback(() => getModel(focus.current), [getModel]);
	const { model, refresh } = useModel(pull, refreshMs);
	const { columns, rows } = useTerminalSize();
	const { stdout } = useStdout();
	const latestJoin = useRef(model.join);
	latestJoin.current = model.join;
	const withCopy = useMemo<DashboardActions>(
		() => ({
			...actions,
			// OSC 52: the terminal (and tmux, with set-clipboard on) puts the text on the clipboard.
			copyJoin: () => {
				if (latestJoin.current) stdout.write(`\u001B]52;c;${Buffer.from(latestJoin.current.revealed).toString('base64')}\u0007`);
			},
		}),
		[actions, stdout],
	);
	const { ui, interactive } = useDashboardKeys({
		actions: withCopy,
		run: {
			state: model.header.state,
			targetUsers: model.header.targetUsers,
			workerIds: orderWorkers(model.workers).map((worker) => worker.id),
			canJoin: model.join !== undefined,
			shaped: model.header.shape !== undefined,
		},
		initialView,
		onCommand: refresh,
	});
	const workerId = ui.view === 'workers' && ui.drill ? ui.selected : undefined;
	focus.current = workerId === undefined ? {} : { workerId };
	// Opening or leaving a worker's details pulls at once rather than at the next tick.
	useEffect(refresh, [workerId, refresh]);
	return <Dashboard model={model} ui={ui} columns={columns} rows={rows} interactive={interactive} />;
}
