import React from 'react';
import { Text } from 'ink';
import type { Prompt } from '../dashboard-keys.ts';
import type { RunState } from '../dashboard-model.ts';
import { keyTable } from '../dashboard-keys.ts';
import useTint from '../hooks/use-tint.ts';

/** Props of {@link Footer}. */
export interface FooterProps {
	width: number;
	prompt?: Prompt;
	notice?: string;
	quitting: boolean;
	/** Keys are read (stdin is a TTY). */
	interactive: boolean;
	/** The current target and rate, shown in the prompt. */
	targetUsers: number;
	spawnRate: number;
	/** While a run waits to start, the footer says how to start it. */
	runState: RunState;
	/** A load shape sets the users: Enter runs it. */
	shaped?: boolean;
}

/** What to do before a run starts, the way Locust's start form asks for it. */
function startHint(targetUsers: number, spawnRate: number, shaped: boolean): string {
	if (shaped) return 'Enter runs the load shape from its first stage  (? help)';
	if (targetUsers <= 0) return 'to start: u sets users, r the spawn rate, then Enter  (? help)';
	return `Enter starts ${targetUsers} user${targetUsers === 1 ? '' : 's'} at ${spawnRate}/s  (u users, r rate, ? help)`;
}

/** The key hints that fit in `width`, most important first. */
export function keyHints(width: number): string {
	let line = '';
	for (const key of keyTable) {
		const hint = `${key.keys} ${key.short}`;
		const next = line === '' ? hint : `${line}  ${hint}`;
		if (next.length > width) break;
		line = next;
	}
	return line;
}

/**
 * The bottom line: the inline prompt while one is open, else a notice (why a key did
 * nothing, "press q again"), else the keys that fit.
 */
export default function Footer({ width, prompt, notice, quitting, interactive, targetUsers, spawnRate, runState, shaped = false }: FooterProps) {
	const tint = useTint();
	if (quitting) return <Text wrap="truncate-end">quitting: stopping users and writing reports…</Text>;
	if (prompt) {
		const label = prompt.kind === 'users' ? `users (now ${targetUsers})` : `spawn rate /s (now ${spawnRate})`;
		return (
			<Text wrap="truncate-end">
				<Text bold color={tint('cyan')}>{`${label}: `}</Text>
				<Text bold>{prompt.text}</Text>
				<Text inverse> </Text>
				{notice ? <Text bold color={tint('yellow')}>{`  ${notice}`}</Text> : '  Enter set  Esc cancel'}
			</Text>
		);
	}
	if (notice) {
		return (
			<Text wrap="truncate-end" bold color={tint('yellow')}>
				{notice}
			</Text>
		);
	}
	if (!interactive) return <Text wrap="truncate-end" dimColor>keys off: stdin is not a terminal</Text>;
	if (runState === 'ready' || runState === 'stopped') {
		return (
			<Text wrap="truncate-end" bold color={tint('cyan')}>
				{startHint(targetUsers, spawnRate, shaped)}
			</Text>
		);
	}
	return (
		<Text wrap="truncate-end" dimColor>
			{keyHints(width)}
		</Text>
	);
}
