/**
 * Decoding a compressed response body for `text()`/`json()` when the plan asked for
 * compression (`decompress: true`). Done on first read, not as bytes arrive: a task that never
 * reads the body pays nothing, and `contentLength` keeps counting the bytes on the wire.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** Undo `Content-Encoding` (applied in order, so undone last first); an unknown coding leaves the bytes as they came. */
export function decodeBody(body: Buffer, contentEncoding: string | undefined): Buffer {
	if (!contentEncoding || body.length === 0) return body;
	const codings = contentEncoding.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity');
	let out = body;
	for (let i = codings.length - 1; i >= 0; i--) {
		const coding = codings[i];
		if (coding === 'gzip' || coding === 'x-gzip') out = gunzipSync(out);
		else if (coding === 'br') out = brotliDecompressSync(out);
		else if (coding === 'deflate') out = inflateDeflate(out);
		else return out;
	}
	return out;
}

/** `deflate` is meant to be zlib-wrapped, but some servers send it raw. */
function inflateDeflate(body: Buffer): Buffer {
	try {
		return inflateSync(body);
	} catch {
		return inflateRawSync(body);
	}
}
