/**
 * How the engine reports what users do beyond the plain sink: a reporter that also runs the
 * plan's `request` hooks (built only when a plan has some, so plans without pay nothing), and
 * the one form an exception takes in the stats.
 */
import type { WorkerSlot } from '../plan/context.ts';
import type { Hook } from '../plan/events.ts';
import type { StatsSink } from '../stats/stats-sink.ts';
import type { RequestReporter } from './http-client.ts';

/** Who made the requests a reporter reports. */
export interface RequestSource {
	worker: WorkerSlot;
	userId: number;
	userClass: string;
}

/**
 * Records into `sink`, then runs every `request` hook; a hook that throws is reported through
 * `onError` (an exception in the stats) and the others still run.
 */
export function hookedReporter(sink: StatsSink, hooks: readonly Hook<'request'>[], source: RequestSource, onError: (error: unknown) => void): RequestReporter {
	const { worker, userId, userClass } = source;
	return {
		request: (method, name, responseTimeMs, contentLength, error) => {
			sink.request(method, name, responseTimeMs, contentLength, error);
			const event = { role: 'worker' as const, worker, method, name, responseTimeMs, contentLength, error, userId, userClass };
			for (const hook of hooks) {
				try {
					hook(event);
				} catch (e) {
					onError(e);
				}
			}
		},
	};
}

/** An exception as the stats keep it: `Name: message` (just the message for a plain Error) and its stack. */
export function describeException(error: unknown): { message: string; traceback: string } {
	const message = error instanceof Error ? (error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message) : String(error);
	const traceback = error instanceof Error && error.stack ? error.stack : message;
	return { message, traceback };
}
