/**
 * Keeps V8's young generation at the size it has when the dashboard mounts, for the rest of the
 * process. Ink builds every frame from scratch (one object per cell of the screen and per
 * character written, 4 frames a second); that steady garbage makes V8 double the young
 * generation (new space) up to 32 MB and push part of each frame into the old generation,
 * so a dashboard master's RSS climbed from about 120 MB to 180 MB in its first minute with one
 * user, where the headless master stays flat at 85 MB (bench/README.md, dashboard-memory,
 * 2026-11-30). Holding the young generation costs more, shorter scavenges (about two a second
 * of a few ms with one user) and keeps the master's RSS flat near 110 MB.
 *
 * `semi_space_growth_factor` is read each time V8 grows the new space, so setting it at run
 * time takes effect (measured). It is set only on the V8 it was measured on: on another, an
 * unknown flag would print an error onto the terminal, and the dashboard works the same
 * without it (only its memory grows as before).
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 line (Node 20) the flag was measured on. */
const measuredV8 = /^11\.3\./;

export function holdYoungGeneration(v8Version = process.versions.v8): boolean {
	if (!measuredV8.test(v8Version)) return false;
	setFlagsFromString('--semi-space-growth-factor=1');
	return true;
}
