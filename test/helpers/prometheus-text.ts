/** Reads Prometheus exposition text back, for tests. */

/** `name{labels} value` lines of an exposition, as a map from `name{labels}` to value. */
export function samples(text: string): Map<string, number> {
	const out = new Map<string, number>();
	for (const line of text.split('\n')) {
		if (line === '' || line.startsWith('#')) continue;
		const at = line.lastIndexOf(' ');
		out.set(line.slice(0, at), Number(line.slice(at + 1)));
	}
	return out;
}
