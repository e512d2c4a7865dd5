/**
 * What a recorder hands over every stats interval: everything recorded since the last delta.
 * This is the wire form (a worker publishes it, the master merges it), so it is plain JSON.
 * Histograms travel compressed and are merged, never averaged.
 */
export interface EndpointDelta {
	method: string;
	name: string;
	requests: number;
	failures: number;
	/** Sum of response times, ms; mean = totalMs / requests. */
	totalMs: number;
	/** ms; meaningless when requests is 0. */
	minMs: number;
	/** ms */
	maxMs: number;
	contentBytes: number;
	/** HdrHistogram of response times in microseconds, compressed and base64-encoded. */
	histogram: string;
}

/** Failures grouped by (method, name, error). */
export interface ErrorDelta {
	method: string;
	name: string;
	error: string;
	occurrences: number;
}

/** Task exceptions grouped by message. */
export interface ExceptionDelta {
	message: string;
	traceback: string;
	count: number;
}

export interface StatsDelta {
	/** Epoch ms of the first moment this delta covers. */
	startedAt: number;
	/** Epoch ms of the last moment this delta covers. */
	endedAt: number;
	endpoints: EndpointDelta[];
	errors: ErrorDelta[];
	exceptions: ExceptionDelta[];
}
