// bench/locust.ts: users that mostly wait (5-10 s between requests), as locustfile.py's with
// BENCH_IDLE=1: what each idle user costs a worker.
import { between, task, user } from 'drove';

export const idle = user({
	waitTime: between(5, 10),
	tasks: {
		home: task(1, async ({ client }) => {
			await client.get('/');
		}),
	},
});
