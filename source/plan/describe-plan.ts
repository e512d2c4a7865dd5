/**
 * What the command line asks of a plan before any load: the user classes named as positional
 * arguments (`drove -f plan.ts Browser Buyer`), `-l/--list` and `--show-task-ratio`. Pure: a
 * loaded plan's classes in, classes or text out.
 */
import { DroveError } from '../errors.ts';
import { suggest } from '../config/suggest.ts';
import type { UserClass } from './user.ts';

/**
 * The classes named, in the plan's order; none named: all of them.
 * @throws DroveError (exit code 2) for a name the plan does not export, with a did-you-mean.
 */
export function pickUserClasses(classes: readonly UserClass[], names: readonly string[]): UserClass[] {
	if (names.length === 0) return [...classes];
	const known = classes.map((c) => c.name);
	for (const name of names) {
		if (known.includes(name)) continue;
		const hint = suggest(name, known);
		throw new DroveError('UNKNOWN_USER_CLASS', `unknown user class "${name}"${hint ? `; did you mean "${hint}"?` : ''} (the plan has ${known.join(', ')})`);
	}
	return classes.filter((c) => names.includes(c.name));
}

/** `-l/--list`: each class with its weight or fixed count, its tags and its tasks. */
export function listUserClasses(classes: readonly UserClass[]): string {
	const lines: string[] = [];
	for (const c of classes) {
		const share = c.fixedCount !== undefined ? `fixed count ${c.fixedCount}` : `weight ${c.weight}`;
		const tags = [...new Set(c.tasks.flatMap((t) => t.tags))];
		lines.push(`${c.name} (${share}${tags.length > 0 ? `, tags: ${tags.join(', ')}` : ''}${c.sequential ? ', tasks in sequence' : ''})`);
		for (const t of c.tasks) lines.push(`    ${t.name}${t.tags.length > 0 ? ` [${t.tags.join(', ')}]` : ''}`);
	}
	return `${lines.join('\n')}\n`;
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * `--show-task-ratio`: each class's share of the users (fixed counts aside, which take exact
 * users) and each task's share of its class's picks, as Locust prints them.
 */
export function taskRatios(classes: readonly UserClass[]): string {
	const weighted = classes.filter((c) => c.fixedCount === undefined);
	const totalWeight = weighted.reduce((sum, c) => sum + c.weight, 0);
	const lines: string[] = [];
	for (const c of classes) {
		const share = c.fixedCount !== undefined ? `fixed count ${c.fixedCount}` : percent(totalWeight > 0 ? c.weight / totalWeight : 0);
		lines.push(`${c.name}: ${share}`);
		const taskWeight = c.tasks.reduce((sum, t) => sum + t.weight, 0);
		for (const t of c.tasks) {
			const ratio = c.sequential ? 1 / c.tasks.length : taskWeight > 0 ? t.weight / taskWeight : 0;
			lines.push(`    ${t.name}: ${percent(ratio)}`);
		}
	}
	return `${lines.join('\n')}\n`;
}
