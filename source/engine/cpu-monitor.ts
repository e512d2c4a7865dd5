/**
 * Watches this process's own CPU, as Locust does: when a window (10 s) is spent above 90 %,
 * the numbers may be the load generator's limit rather than the target's, so warn once.
 */

/** CPU time this process has used, ms (user + system). */
export function processCpuMs(): number {
	const cpu = process.cpuUsage();
	// cpuUsage is in microseconds.
	return (cpu.user + cpu.system) / 1000;
}

/**
 * Call `warn` once when the process's CPU stays above `threshold` (0..1) for a whole window.
 * `cpuMs` (cumulative CPU ms) is injectable for tests. Returns a function that stops watching.
 */
export function startCpuMonitor(warn: (message: string) => void, windowMs = 10_000, threshold = 0.9, cpuMs: () => number = processCpuMs): () => void {
	let lastCpu = cpuMs();
	let lastAt = performance.now();
	const timer = setInterval(() => {
		const cpu = cpuMs();
		const now = performance.now();
		const share = (cpu - lastCpu) / (now - lastAt);
		lastCpu = cpu;
		lastAt = now;
		if (share > threshold) {
			clearInterval(timer);
			warn(
				`CPU usage of this load generator above ${Math.round(threshold * 100)}% (${Math.round(share * 100)}% over ${Math.round(windowMs / 1000)} s): ` +
					'results may reflect its limit, not the target\'s; run more worker processes',
			);
		}
	}, windowMs);
	timer.unref();
	return () => clearInterval(timer);
}
