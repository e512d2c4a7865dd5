// The slice of autocannon's programmatic API the benchmark uses (it ships no types).
declare module 'autocannon' {
	interface Options {
		url: string;
		connections?: number;
		duration?: number;
	}
	interface Result {
		requests: { total: number; average: number };
		errors: number;
		non2xx: number;
	}
	export default function autocannon(options: Options): Promise<Result>;
}
