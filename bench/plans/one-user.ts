// bench/locust.ts: one request a second to the target's fast route (the same as locustfile.py).
import { constant, task, user } from 'drove';

export const steady = user({
	waitTime: constant(1),
	tasks: {
		home: task(1, async ({ client }) => {
			await client.get('/');
		}),
	},
});
