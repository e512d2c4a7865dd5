import { useCallback, useEffect, useState } from 'react';
import type { DashboardModel } from '../dashboard-model.ts';

/**
 * The latest model, pulled from `getModel` every `intervalMs` (and on `refresh()`, after a
 * key). Pulling at a fixed rate, instead of pushing every store change, is what bounds the
 * dashboard's cost: at 250 ms it redraws at most 4 times a second however busy the master is.
 * If `getModel` throws, the error is rethrown while rendering, so Ink's error boundary
 * unmounts the app (restoring the terminal) and `waitUntilExit()` rejects with it.
 */
export default function useModel(getModel: () => DashboardModel, intervalMs: number): { model: DashboardModel; refresh: () => void } {
	const [model, setModel] = useState(getModel);
	const [failure, setFailure] = useState<{ error: unknown }>();
	const refresh = useCallback(() => {
		try {
			setModel(getModel());
		} catch (error) {
			setFailure({ error });
		}
	}, [getModel]);
	useEffect(() => {
		const timer = setInterval(refresh, intervalMs);
		return () => {
			clearInterval(timer);
		};
	}, [refresh, intervalMs]);
	if (failure) throw failure.error;
	return { model, refresh };
}
