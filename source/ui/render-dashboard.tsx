import React from 'react';
import { render } from 'ink';
import ColorContext from './color-context.ts';
import DashboardApp from './components/DashboardApp.tsx';
import type { DashboardActions, DashboardModel } from './dashboard-model.ts';
import type { ViewId } from './views.tsx';

/** Options of {@link renderDashboard}. */
export interface RenderDashboardOptions {
	/** Produces the current model from the master's state and the stats snapshot. */
	getModel: () => DashboardModel;
	/** The controller the keys drive. */
	actions: DashboardActions;
	/** Default: process.stdout. */
	stdout?: NodeJS.WriteStream;
	/** Default: process.stdin. Keys are read only when it is a TTY (raw mode). */
	stdin?: NodeJS.ReadStream;
	/** Default: process.stderr. */
	stderr?: NodeJS.WriteStream;
	/** How often the model is pulled and the screen may redraw, ms. Default 250 (4 a second). */
	refreshMs?: number;
	/** Colour on or off. Default: off when NO_COLOR is set (to anything non-empty), else on. */
	color?: boolean;
	/** The view shown first. Default: stats. */
	initialView?: ViewId;
	/** Environment to read NO_COLOR from. Default: process.env. */
	env?: NodeJS.ProcessEnv;
}

/** A mounted dashboard. */
export interface DashboardHandle {
	/** Take the dashboard down and give the terminal back (cursor shown, raw mode off). Idempotent. */
	unmount: () => void;
	/** Settles when the dashboard is unmounted; rejects if it crashed (the terminal is restored first). */
	waitUntilExit: () => Promise<unknown>;
}

/** Redraw ceiling, frames per second: the "at most about 4 times a second". */
export const maxFramesPerSecond = 4;

/**
 * Mount the dashboard. The caller owns the run: `actions.quit()` (q, Ctrl-C) asks it to stop,
 * write its reports and then call `unmount()`. Ctrl-C is read as a key (not a signal) while
 * stdin is a TTY, so it goes through `quit()` like `q` does; without a TTY the caller's SIGINT
 * handler does the same. Ink unmounts on process exit and on a render error, which restores
 * the cursor and the terminal mode.
 */
export default function renderDashboard(options: RenderDashboardOptions): DashboardHandle {
	const env = options.env ?? process.env;
	const color = options.color ?? !env['NO_COLOR'];
	const instance = render(
		<ColorContext.Provider value={color}>
			<DashboardApp
				getModel={options.getModel}
				actions={options.actions}
				refreshMs={options.refreshMs ?? 1000 / maxFramesPerSecond}
				initialView={options.initialView}
			/>
		</ColorContext.Provider>,
		{
			stdout: options.stdout ?? process.stdout,
			stdin: options.stdin ?? process.stdin,
			stderr: options.stderr ?? process.stderr,
			exitOnCtrlC: false,
			// The master's own console output would tear the frame; the caller logs into the model instead.
			patchConsole: true,
			maxFps: maxFramesPerSecond,
		},
	);
	return {
		unmount: () => {
			instance.unmount();
		},
		waitUntilExit: () => instance.waitUntilExit(),
	};
}
