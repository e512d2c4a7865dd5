// Full load for bench/dashboard-cost.ts: the demo plan's fast routes with no wait between
// tasks, so two local workers send as fast as they can (four named endpoints, some failures).
import { task, user } from 'drove';

const item = (): number => 1 + Math.floor(Math.random() * 1000);

export const hammer = user({
	tasks: {
		home: task(5, async ({ client }) => {
			await client.get('/');
		}),
		item: task(3, async ({ client }) => {
			await client.get(`/item/${item()}`, { name: '/item/[id]' });
		}),
		report: task(1, async ({ client }) => {
			await client.get('/bytes/2000', { name: '/report' });
		}),
		missing: task(1, async ({ client }) => {
			await client.get('/status/404', { name: '/old-page' });
		}),
	},
});
