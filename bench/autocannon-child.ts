/**
 * The autocannon side of the benchmark, run pinned to one core by bench/engine.ts:
 * `URL CONNECTIONS SECONDS` prints {"rps", "cpuMs", "requests"} as JSON. Runs autocannon in this
 * process (its programmatic API) so the CPU it used can be measured like the engine's.
 */
import autocannon from 'autocannon';

const [url, connectionsArg, secondsArg] = process.argv.slice(2);
const connections = Number(connectionsArg ?? 50);
const seconds = Number(secondsArg ?? 10);
// Warm up one second like the engine does, then measure.
await autocannon({ url: url!, connections, duration: 1 });
const cpu0 = process.cpuUsage();
const result = await autocannon({ url: url!, connections, duration: seconds });
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ rps: result.requests.total / seconds, requests: result.requests.total, errors: result.errors + result.non2xx, cpuMs: (cpu.user + cpu.system) / 1000 }));
