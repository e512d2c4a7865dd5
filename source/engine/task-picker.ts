/**
 * Picks a user's next task: by weight (a cumulative table and one random number), or in
 * order for a class whose tasks are a `sequence()`.
 */
import type { TaskDef, UserClass } from '../plan/user.ts';

/** Returns the next task each call. One picker per user (a sequence keeps its place). */
export type TaskPicker = () => TaskDef;

/** Build the cumulative weights of a class once; `makePicker` is then cheap per user. */
export function pickerFactory(cls: UserClass): () => TaskPicker {
	const tasks = cls.tasks;
	if (tasks.length === 0) throw new Error(`user class ${cls.name} has no tasks`);
	if (cls.sequential || tasks.length === 1) {
		return () => {
			let next = 0;
			return () => {
				const t = tasks[next]!;
				next = next + 1 === tasks.length ? 0 : next + 1;
				return t;
			};
		};
	}
	const cumulative: number[] = [];
	let sum = 0;
	for (const t of tasks) cumulative.push((sum += t.weight));
	const pick: TaskPicker = () => {
		const r = Math.random() * sum;
		// Linear: plans have a handful of tasks.
		for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]!) return tasks[i]!;
		return tasks[tasks.length - 1]!;
	};
	return () => pick;
}
