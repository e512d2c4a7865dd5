/** How the Stats view is ordered; `o` cycles through these. */
export const statsSortKeys = ['name', 'requests', 'failures', 'median', 'p95', 'avg', 'rps'] as const;
export type StatsSortKey = (typeof statsSortKeys)[number];
