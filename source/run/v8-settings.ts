/**
 * V8 settings Drove sets at run time, in the process itself (so they hold for a `drove --worker`
 * someone runs, not only for the children Drove starts), each measured on Node 20's V8 and set
 * only there: another V8 might not know a flag and would print an error onto the terminal, and
 * Drove works the same without them.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The V8 line (Node 20) the flags were measured on. */
const measuredV8 = /^11\.3\./;

/** The new space kept: two semi-spaces of 4 MB. */
export const heldNewSpaceBytes = 8 * 1024 * 1024;

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
 * after each collection.
 *
 * @returns false (and nothing done) on another V8.
 */
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

/**
 * Makes a worker compile WebAssembly with V8's optimizing compiler from the start, skipping its
 * baseline compiler (Liftoff). The one WebAssembly a worker runs is undici's HTTP parser
 * (llhttp). By default V8 compiles it with Liftoff, then re-compiles its hot functions with
 * TurboFan on a background thread once requests flow. That thread's compile memory (about 10 MB)
 * lands in a malloc arena of its own, which glibc keeps after the compile is done. So a
 * 1-user worker was 78-80 MB in about half of its runs and 68-70 MB in the rest (bench/README.md,
 * locust, session 4: 4 of 4 runs without the arena under `--no-liftoff`, with no effect from
 * `--single-threaded`, `--v8-pool-size` or `--no-opt`).
 *
 * Compiled by TurboFan at once, the parser is as fast as tiered-up code from its first request.
 * It took 11-12 ms to compile instead of 9 ms.
 *
 * Call before any WebAssembly compiles. @returns false (and nothing done) on another V8.
 */
export function optimizeWasmAtOnce({ v8Version = process.versions.v8 } = {}): boolean {
	if (!measuredV8.test(v8Version)) return false;
	setFlagsFromString('--no-liftoff');
	return true;
}
