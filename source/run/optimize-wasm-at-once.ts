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
 * It took 11-12 ms to compile instead of 9 ms. Only on the V8 this was measured on (Node 20's):
 * another V8 might tier differently, and would print an unknown flag onto the terminal. A
 * worker works the same without it.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 line (Node 20) the flag was measured on. */
const measuredV8 = /^11\.3\./;

/** Sets the flag before any WebAssembly compiles; false (and nothing done) on another V8. */
export function optimizeWasmAtOnce({ v8Version = process.versions.v8 } = {}): boolean {
	if (!measuredV8.test(v8Version)) return false;
	setFlagsFromString('--no-liftoff');
	return true;
}
