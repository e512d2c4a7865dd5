/**
 * Stops V8's young generation (new space) from growing past 8 MB in a worker and in a dashboard
 * master.
 *
 * A worker: each user's objects (its connection's, above all) survive the ramp's scavenges and
 * each wait between tasks outlives a few more, so V8 took the new space to its 32 MB ceiling
 * with a few thousand idle users and kept it there. Held at 8 MB, a worker with 5,000 idle users
 * is 127 MB instead of 159 MB (bench/README.md, locust, session 4), and at full load (50 users,
 * no wait) it serves as many requests per CPU-second (39,528 against 39,405, alternating).
 *
 * A dashboard master: Ink
 * builds every frame from scratch (an object per cell of the screen and per character written,
 * 4 frames a second); that steady garbage made V8 double the new space to its 32 MB ceiling
 * and move part of each frame into the old generation, so with one user the master's RSS
 * climbed from about 120 MB to 180 MB in its first minute, where the headless master stays
 * flat near 85 MB (bench/README.md, dashboard-memory, 2026-11-30). Held at 8 MB it stays flat
 * near 108 MB: scavenges come about twice a second instead of every 2-3 s, and each is smaller
 * (their total time over 35 s was 0.9 s against 1.0 s). Held smaller (2 MB) it was worse:
 * scavenges promote more and the old generation grows instead.
 *
 * `semi_space_growth_factor` is read each time V8 grows the new space, so setting it at run
 * time works (measured); it is set once the new space has reached the size to keep, checked
 * after each collection. Only on the V8 it was measured on (Node 20's): another might not know
 * the flag and would print an error onto the terminal; the dashboard works the same without it.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The new space kept: two semi-spaces of 4 MB. */
export const heldNewSpaceBytes = 8 * 1024 * 1024;
/** The V8 line (Node 20) the flag was measured on. */
const measuredV8 = /^11\.3\./;

/** Holds the new space once it reaches `atBytes`; false (and nothing done) on another V8. */
export function holdYoungGeneration({ v8Version = process.versions.v8, atBytes = heldNewSpaceBytes } = {}): boolean {
	if (!measuredV8.test(v8Version)) return false;
	const hold = (): boolean => {
		const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
		if (newSpace === undefined || newSpace.space_size < atBytes) return false;
		setFlagsFromString('--semi-space-growth-factor=1');
		return true;
	};
	if (hold()) return true;
	const observer = new PerformanceObserver(() => {
		if (hold()) observer.disconnect();
	});
	observer.observe({ entryTypes: ['gc'] });
	return true;
}
