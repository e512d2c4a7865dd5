import { createContext } from 'react';

/**
 * Whether the dashboard may use colour. False under `NO_COLOR` (https://no-color.org): chalk's
 * colour detection ignores that variable, so the dashboard decides once, at render time, and
 * every coloured cell asks through `useTint`. Marks are always words too, so nothing is lost.
 */
const ColorContext = createContext<boolean>(true);

export default ColorContext;
