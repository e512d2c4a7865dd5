/**
 * The dashboard on a running master: the glue between the master runtime and
 * `renderDashboard`, so the CLI needs one call. The master is taken by its shape (state,
 * snapshot, history and the key actions), not its class, so this file does not depend on the
 * master runtime's internals.
 */
import type { MasterState } from '../master/master-state.ts';
import type { HistoryPoint, StatsSnapshot, WorkerEndpointStats, WorkerRatePoint } from '../stats/snapshot.ts';
import type { DashboardActions, JoinModel } from './dashboard-model.ts';
import type { ViewId } from './views.tsx';
import renderDashboard, { type DashboardHandle, type RenderDashboardOptions } from './render-dashboard.tsx';
import { selectDashboardModel, type HeaderLive } from './select-dashboard-model.ts';
import { WorkerResources } from './worker-resources.ts';

/** What the dashboard needs of the master: `MasterRuntime` fits. */
export interface DashboardMaster extends DashboardActions {
	getState(): MasterState;
	snapshot(): StatsSnapshot;
	aggregator: {
		history(): readonly HistoryPoint[];
		workerRateHistory(): readonly WorkerRatePoint[];
		workerEndpointStats(id: string): WorkerEndpointStats[];
	};
}

/** Options of {@link renderMasterDashboard}. */
export interface MasterDashboardOptions {
	/** `-t/--run-time`, ms: the header shows the time left. */
	runTimeMs?: number;
	/** The plan's host, shown when `-H` was not given. */
	planHost?: string;
	/** Epoch ms clock. Default Date.now. */
	now?: () => number;
	/** How remote workers join: the Workers view shows it while fewer than expected have. */
	join?: JoinModel;
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	stderr?: NodeJS.WriteStream;
	/** Default: off when NO_COLOR is set. */
	color?: boolean;
	initialView?: ViewId;
	/** The load shape's progress and the live thresholds, for the header's third line. */
	live?: () => HeaderLive;
	/** A ramp key (w/W/s/S, a typed user count or rate) took manual control: the shape pauses. */
	onManual?: () => void;
	/** `g`: the shape takes over again. */
	resumeShape?: () => void;
	/** Enter: how a test starts; default the master's start (the users and rate set). A shaped run starts its shape. */
	start?: () => void;
}

/**
 * The dashboard's model and keys on `master`: what {@link renderMasterDashboard} mounts, and
 * what a test mounts with ink-testing-library. `quit` is how q and Ctrl-C end it.
 */
export function masterDashboardProps(master: DashboardMaster, options: MasterDashboardOptions, quit: () => Promise<unknown>): Pick<RenderDashboardOptions, 'getModel' | 'actions'> {
	const now = options.now ?? Date.now;
	const resources = new WorkerResources();
	return {
		getModel: (focus) => {
			const state = master.getState();
			resources.observe(state.workers);
			const workerId = focus?.workerId;
			return selectDashboardModel({
				master: state,
				stats: master.snapshot(),
				history: master.aggregator.history(),
				now: now(),
				runTimeMs: options.runTimeMs,
				planHost: options.planHost,
				workerHistory: master.aggregator.workerRateHistory(),
				focus: workerId === undefined ? undefined : { workerId, endpoints: master.aggregator.workerEndpointStats(workerId), ...resources.of(workerId) },
				join: options.join,
				...(options.live && { live: options.live() }),
			});
		},
		actions: {
			setUsers: (users) => {
				options.onManual?.();
				return master.setUsers(users);
			},
			setSpawnRate: (rate) => {
				options.onManual?.();
				return master.setSpawnRate(rate);
			},
			resumeShape: () => options.resumeShape?.(),
			start: () => (options.start ?? (() => master.start()))(),
			stopUsers: () => master.stopUsers(),
			resetStats: () => master.resetStats(),
			quit,
		},
	};
}

/**
 * Mount the dashboard on `master`. Keys call the master's methods. When the person quits
 * (q, Ctrl-C) and the master's `quit()` has settled (users stopped, workers told, broker
 * closed), the dashboard unmounts itself, so `waitUntilExit()` resolving means "write the
 * reports and exit now"; it rejects if quitting failed or the dashboard crashed.
 */
export default function renderMasterDashboard(master: DashboardMaster, options: MasterDashboardOptions = {}): DashboardHandle {
	let quitting: Promise<unknown> | undefined;
	const handle: DashboardHandle = renderDashboard({
		...masterDashboardProps(master, options, () => {
			quitting ??= Promise.resolve(master.quit()).finally(() => handle.unmount());
			return quitting;
		}),
		stdout: options.stdout,
		stdin: options.stdin,
		stderr: options.stderr,
		color: options.color,
		initialView: options.initialView,
	});
	return handle;
}
