/**
 * Realistic one-second stats deltas for the simulated workers: the real Recorder fed plausible
 * latencies for 10 endpoints (log-normal around each endpoint's median, a slow tail of 1 in
 * 100, a few failures), so the compressed histograms on the wire are the real thing.
 */
import { Recorder } from '../source/stats/recorder.ts';

/** One pre-encoded delta: `body` is the JSON of the delta without its braces and times. */
export interface PooledDelta {
	body: string;
	requests: number;
}

/** method, name, median ms, requests per second per worker, failure rate, response bytes */
const ENDPOINTS: Array<[string, string, number, number, number, number]> = [
	['GET', '/', 12, 80, 0, 2_000],
	['GET', '/item/[id]', 25, 60, 0.001, 6_000],
	['GET', '/search', 60, 40, 0.002, 12_000],
	['GET', '/cart', 30, 30, 0.01, 3_000],
	['POST', '/cart/add', 40, 20, 0.005, 500],
	['POST', '/checkout', 150, 8, 0.02, 800],
	['POST', '/login', 90, 5, 0, 300],
	['GET', '/profile', 20, 15, 0, 4_000],
	['GET', '/report', 300, 3, 0.01, 20_000],
	['GET', '/old-page', 8, 10, 1, 150],
];

/** A standard normal deviate (Box-Muller). */
function gaussian(): number {
	return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

/** `size` different one-second deltas of a worker running about 270 requests/s. */
export function deltaPool(size = 32): PooledDelta[] {
	const pool: PooledDelta[] = [];
	for (let i = 0; i < size; i++) {
		let now = 1_700_000_000_000;
		const recorder = new Recorder({ now: () => now });
		let requests = 0;
		for (const [method, name, median, rate, failureRate, bytes] of ENDPOINTS) {
			// Poisson-ish spread of the count around the rate.
			const n = Math.max(1, Math.round(rate + gaussian() * Math.sqrt(rate)));
			for (let k = 0; k < n; k++) {
				const tail = Math.random() < 0.01 ? 10 : 1;
				const ms = median * Math.exp(0.5 * gaussian()) * tail;
				const failed = Math.random() < failureRate;
				const error = failed ? (name === '/old-page' ? 'HTTP 404' : Math.random() < 0.5 ? 'HTTP 500' : 'timed out') : undefined;
				recorder.request(method, name, ms, failed ? 0 : bytes, error);
				requests++;
			}
		}
		now += 1000;
		const { endpoints, errors, exceptions } = recorder.takeDelta(now);
		pool.push({ body: JSON.stringify({ endpoints, errors, exceptions }).slice(1), requests });
	}
	return pool;
}
