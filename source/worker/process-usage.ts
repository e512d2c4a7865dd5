/** This process's CPU share and memory, sampled for the heartbeat. */

/** Returns a sampler: each call gives the CPU used since the previous call, in percent of one core. */
export function cpuSampler(): () => number {
	let lastCpu = process.cpuUsage();
	let lastAt = performance.now();
	return () => {
		const cpu = process.cpuUsage(lastCpu);
		const now = performance.now();
		// cpuUsage is in microseconds, the clock in milliseconds.
		const percent = now > lastAt ? ((cpu.user + cpu.system) / 1000 / (now - lastAt)) * 100 : 0;
		lastCpu = process.cpuUsage();
		lastAt = now;
		return Math.round(percent * 10) / 10;
	};
}

/** Resident set size in bytes. */
export function rssBytes(): number {
	return process.memoryUsage.rss();
}
