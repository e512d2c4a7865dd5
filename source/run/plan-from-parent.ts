/**
 * The plan of `drove --worker --processes N -f plan.ts`: the supervising process bundles it once
 * and hands the bundle to each child over the IPC channel the child already holds (its
 * lifeline, see local-workers.ts), so N children do not bundle the same plan N times, each
 * with an esbuild service of its own. A child loads the bundle as a worker loads its master's.
 */
import { DroveError, ExitCode } from '../errors.ts';
import { loadPlanFromBundle, type LoadedPlan } from '../plan/load-plan.ts';

/** Set (to `1`) in a child's environment when its plan comes over IPC. */
export const PLAN_FROM_PARENT_ENV = 'DROVE_PLAN_FROM_PARENT';

/** The one message: the bundle and the label (the plan's path) it loads under. */
export interface PlanMessage {
	kind: 'drove-plan';
	bundle: string;
	label: string;
}

/** The message that carries `plan` to a child. */
export function planMessage(plan: LoadedPlan): PlanMessage {
	return { kind: 'drove-plan', bundle: plan.bundle, label: plan.path };
}

function isPlanMessage(value: unknown): value is PlanMessage {
	const m = value as Partial<PlanMessage> | null;
	return typeof m === 'object' && m !== null && m.kind === 'drove-plan' && typeof m.bundle === 'string' && typeof m.label === 'string';
}

/**
 * In a child whose parent sends the plan: the plan, once it arrived and loaded. Undefined in
 * every other process. Rejects if the parent goes away first.
 */
export function planFromParent(env: NodeJS.ProcessEnv = process.env): Promise<LoadedPlan> | undefined {
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
	}).then((message) => loadPlanFromBundle(message.bundle, message.label));
}
