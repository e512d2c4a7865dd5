/**
 * `drove demo` (and `npm start`): the fixture target on a free loopback port and the sample
 * plan that exercises it, so a new user sees a live run without writing anything.
 */
import { startTarget } from '../../fixtures/target.ts';
import { packageFile } from '../package-root.ts';

/** The demo's plan, shipped in the repository. */
const demoPlan = packageFile('fixtures/plans/demo.ts');

/** A running demo target. */
export interface DemoTarget {
	url: string;
	planPath: string;
	close(): Promise<void>;
}

/** Starts the demo target on 127.0.0.1. */
export async function startDemoTarget(): Promise<DemoTarget> {
	const target = await startTarget(0, '127.0.0.1');
	return { url: target.url, planPath: demoPlan, close: () => target.close() };
}
