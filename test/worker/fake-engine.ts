/** A fake engine for runtime tests: every user records one request every 20 ms, counted here. */
import type { EngineArgs, WorkerEngine } from '../../source/worker/worker-engine.ts';
import type { LoadedPlan } from '../../source/plan/load-plan.ts';

/** Every request any fake engine recorded, by worker index at the time. */
export const recorded = { requests: 0 };

export class FakeEngine implements WorkerEngine {
	state: WorkerEngine['state'] = 'idle';
	private counts: Record<string, number> = {};
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly args: EngineArgs) {}

	setTarget(counts: Record<string, number>): void {
		this.counts = { ...counts };
		this.state = 'running';
		this.timer ??= setInterval(() => {
			const users = Object.values(this.counts).reduce((a, b) => a + b, 0);
			for (let i = 0; i < users; i++) this.args.sink.request('GET', '/fake', 5, 10);
			recorded.requests += users;
		}, 20);
	}

	userCounts(): Record<string, number> {
		return { ...this.counts };
	}

	async stop(): Promise<void> {
		clearInterval(this.timer);
		this.timer = undefined;
		this.counts = {};
		this.state = 'stopped';
	}

	async close(): Promise<void> {
		await this.stop();
	}
}

/** A plan with two classes, weights 3:1, that nothing runs. */
export const fakePlan = {
	path: '/tmp/fake-plan.ts',
	bundle: 'export {}',
	hash: 'fakehash',
	userClasses: [
		{ name: 'A', weight: 3, tasks: [], sequential: false },
		{ name: 'B', weight: 1, tasks: [], sequential: false },
	],
	hooks: {},
} as unknown as LoadedPlan;
