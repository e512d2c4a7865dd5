import { useCallback, useContext } from 'react';
import ColorContext from '../color-context.ts';

/**
 * A colour name for Ink's `color` prop, or undefined when colour is off (`NO_COLOR`).
 * Usage: `const tint = useTint(); <Text color={tint('red')}>`.
 */
export default function useTint(): (color: string) => string | undefined {
	const enabled = useContext(ColorContext);
	return useCallback((color: string) => (enabled ? color : undefined), [enabled]);
}
