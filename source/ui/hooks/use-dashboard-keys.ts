import { useCallback, useRef, useState } from 'react';
import { useInput, useStdin } from 'ink';
import type { DashboardActions } from '../dashboard-model.ts';
import { initialUiState, reduceKey, splitKeys, type Command, type RunFacts, type UiState } from '../dashboard-keys.ts';
import type { ViewId } from '../views.tsx';

/** How long a target sent by w/W/s/S is the base for the next key, ms: the model lags a refresh or two. */
const pendingTargetMs = 1500;

function send(actions: DashboardActions, command: Command): void | Promise<unknown> {
	switch (command.type) {
		case 'setUsers': return actions.setUsers(command.users);
		case 'setSpawnRate': return actions.setSpawnRate(command.rate);
		case 'start': return actions.start();
		case 'stopUsers': return actions.stopUsers();
		case 'resetStats': return actions.resetStats();
		case 'resumeShape': return actions.resumeShape?.();
		case 'quit': return actions.quit();
		case 'copyJoin': return actions.copyJoin?.();
	}
}

/**
 * The keyboard: feeds each key to `reduceKey` and sends its commands to `actions`. Listens only
 * when stdin can be put in raw mode (a TTY); in CI or from a pipe it stays off, because Ink's
 * `useInput` throws without raw mode.
 */
export default function useDashboardKeys(options: {
	actions: DashboardActions;
	run: RunFacts;
	initialView?: ViewId;
	/** Called after commands were sent, to pull a fresh model at once. */
	onCommand?: () => void;
}): { ui: UiState; interactive: boolean } {
	const { isRawModeSupported } = useStdin();
	// The handler reads the latest options through a ref: Ink re-subscribes a changed handler
	// only after the next paint, and a key in between must not act on the old run state.
	const latest = useRef(options);
	latest.current = options;
	const [ui, setUi] = useState(() => initialUiState(options.initialView));
	// The reducer's state and the target sent last live in refs too, so a burst of keys
	// delivered before React re-renders builds on each other ("www" adds 3, not 1).
	const uiRef = useRef(ui);
	const pending = useRef<{ users: number; at: number }>(undefined);

	const onInput = useCallback(
		(input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
			const { actions, run, onCommand } = latest.current;
			const now = Date.now();
			const sent = pending.current && now - pending.current.at < pendingTargetMs ? pending.current.users : undefined;
			let target = sent ?? run.targetUsers;
			let state = uiRef.current;
			const commands: Command[] = [];
			for (const token of splitKeys(input, key)) {
				const result = reduceKey(state, token, { ...run, targetUsers: target });
				state = result.state;
				for (const command of result.commands) {
					if (command.type === 'setUsers') {
						target = command.users;
						pending.current = { users: target, at: now };
					}
					commands.push(command);
				}
			}
			uiRef.current = state;
			setUi(state);
			for (const command of commands) {
				// A master call that throws or rejects must not take the dashboard down: say so in the footer.
				const failed = (error: unknown) => {
					const message = error instanceof Error ? error.message : String(error);
					uiRef.current = { ...uiRef.current, notice: `${command.type} failed: ${message}` };
					setUi(uiRef.current);
				};
				try {
					const result = send(actions, command);
					if (result instanceof Promise) result.catch(failed);
				} catch (error) {
					failed(error);
				}
			}
			if (commands.length > 0) onCommand?.();
		},
		[],
	);

	useInput(onInput, { isActive: isRawModeSupported });
	return { ui, interactive: isRawModeSupported };
}
