/**
 * The plan of a local child worker, and where its master listens: the parent bundles the plan
 * once and hands the bundle to each child over the IPC channel the child already holds (its
 * lifeline, see local-workers.ts), so N children do not bundle the same plan N times, each
 * with an esbuild service of its own. A child loads the bundle as a worker loads its master's.
 *
 * A plain run starts its children first, while the master loads, bundles the plan and starts
 * its broker, so a child's own start-up (Node, its chunks) overlaps the master's; the broker's
 * port (chosen by the OS) and the token come in the same message, once the master listens.
 */
import { DroveError, ExitCode } from '../errors.ts';
import { loadPlanFromBundle, type LoadedPlan } from '../plan/load-plan.ts';
import { PLAN_FROM_PARENT_ENV } from './worker-argv.ts';

/** The one message: the bundle and the label (the plan's path) it loads under. */
export interface PlanMessage {
	kind: 'drove-plan';
	bundle: string;
	label: string;
	/** The master's broker port, when the child was started before it listened. */
	masterPort?: number;
	/** The broker's token, when the master has one (never on a command line). */
	token?: string;
}

/** What a child gets from its parent: the loaded plan, and the broker's port and token if sent. */
export interface FromParent {
	plan: LoadedPlan;
	masterPort?: number;
	token?: string;
}

/** The message that carries `plan` (and, for a child started early, its broker) to a child. */
export function planMessage(plan: LoadedPlan, broker: { masterPort?: number | undefined; token?: string | undefined } = {}): PlanMessage {
	return {
		kind: 'drove-plan',
		bundle: plan.bundle,
		label: plan.path,
		...(broker.masterPort !== undefined && { masterPort: broker.masterPort }),
		...(broker.token !== undefined && { token: broker.token }),
	};
}

function isPlanMessage(value: unknown): value is PlanMessage {
	const m = value as Partial<PlanMessage> | null;
	return typeof m === 'object' && m !== null && m.kind === 'drove-plan' && typeof m.bundle === 'string' && typeof m.label === 'string'
		&& (m.masterPort === undefined || Number.isInteger(m.masterPort)) && (m.token === undefined || typeof m.token === 'string');
}

/**
 * In a child whose parent sends the plan: the plan, once it arrived and loaded, with the broker
 * details the parent sent. Undefined in every other process. Rejects if the parent goes away first.
 */
export function planFromParent(env: NodeJS.ProcessEnv = process.env): Promise<FromParent> | undefined {
	if (env[PLAN_FROM_PARENT_ENV] !== '1' || process.send === undefined) return undefined;
	return new Promise<PlanMessage>((resolve, reject) => {
		const onMessage = (message: unknown): void => {
			if (!isPlanMessage(message)) return;
			done();
			resolve(message);
		};
		const onDisconnect = (): void => {
			done();
			reject(new DroveError('PLAN_FROM_PARENT', 'the parent process left before it sent the plan', ExitCode.internal));
		};
		// Listening for messages holds the channel open; letting go after the one message lets
		// the process end when its work is done.
		const done = (): void => {
			process.off('message', onMessage);
			process.off('disconnect', onDisconnect);
		};
		process.on('message', onMessage);
		process.once('disconnect', onDisconnect);
	}).then(async ({ bundle, label, masterPort, token }) => ({
		plan: await loadPlanFromBundle(bundle, label),
		...(masterPort !== undefined && { masterPort }),
		...(token !== undefined && { token }),
	}));
}
