/**
 * A pair of in-memory duplex streams wired to each other: what one writes, the other reads.
 * The master's own MQTT client talks to its embedded broker through one, so the master needs
 * no network connection and no credential (Node 20 has no `stream.duplexPair`).
 */
import { Duplex } from 'node:stream';

/** Two connected ends. Destroying one ends the other. */
export function memoryDuplexPair(): [Duplex, Duplex] {
	const ends: Duplex[] = [];
	const make = (peer: () => Duplex) =>
		new Duplex({
			read() {},
			write(chunk: Buffer, _encoding, callback) {
				peer().push(chunk);
				callback();
			},
			final(callback) {
				peer().push(null);
				callback();
			},
			destroy(error, callback) {
				const other = peer();
				if (!other.destroyed) other.destroy();
				callback(error);
			},
		});
	const left = make(() => ends[1] as Duplex);
	const right = make(() => ends[0] as Duplex);
	ends.push(left, right);
	return [left, right];
}
