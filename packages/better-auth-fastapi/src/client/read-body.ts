/**
 * Reading an error response's body for its `code`, with bounds: an auth error body is a small
 * JSON object, so a body larger than 64 KiB, or one that stops arriving, is given up on (and
 * cancelled) rather than read into memory or waited for forever.
 *
 * @module
 */

const MAX_BYTES = 64 * 1024;
const TIMEOUT_MS = 3_000;
const decoder = new TextDecoder();

/** The body parsed as JSON, or `null` if it is empty, too large, too slow or not JSON. */
export async function readSmallJson(response: Response): Promise<unknown> {
	const body = response.body;
	if (body === null) return null;
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const stalled = new Promise<null>((resolve) => {
		timer = setTimeout(() => resolve(null), TIMEOUT_MS);
	});
	try {
		for (;;) {
			const next = await Promise.race([reader.read(), stalled]);
			if (next === null) return null;
			if (next.done) break;
			size += next.value.byteLength;
			if (size > MAX_BYTES) return null;
			chunks.push(next.value);
		}
	} catch {
		return null;
	} finally {
		clearTimeout(timer);
		reader.cancel().catch(() => {});
	}
	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	try {
		return JSON.parse(decoder.decode(bytes));
	} catch {
		return null;
	}
}
