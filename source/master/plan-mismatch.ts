/**
 * The master's side of a plan mismatch (pure): the one line it logs when a worker was started
 * with its own plan (`-f`) that differs from the master's, whether the worker then runs the
 * master's plan (the default) or its own (`--allow-plan-mismatch`). The worker prints its own
 * line (master-link.ts), so both sides say so.
 */

/** What a hello says about plans. */
export interface HelloPlans {
	/** The plan the worker will run. */
	planHash: string | null;
	/** Its own `-f` plan (protocol 1.1); undefined from a 1.0 worker. */
	ownPlanHash?: string | null;
}

/** The line for the master's log, or undefined when the worker brought no other plan. */
export function planMismatchLine(workerId: string, masterHash: string, hello: HelloPlans): string | undefined {
	// A 1.0 worker does not say which plan it brought: a running plan other than the master's is its own.
	const own = hello.ownPlanHash === undefined ? hello.planHash : hello.ownPlanHash;
	if (own === null || own === masterHash) return undefined;
	const head = `worker ${workerId} was started with its own plan (hash ${short(own)}), not the master's (${short(masterHash)})`;
	return hello.planHash === own ? `${head}, and runs its own (--allow-plan-mismatch)` : `${head}: it was told to run the master's`;
}

function short(hash: string): string {
	return hash.slice(0, 8);
}
