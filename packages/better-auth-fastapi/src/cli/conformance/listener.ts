/**
 * A local HTTP listener that the KeyFromHeader cases name in their `jku`/`x5u` URLs: it answers
 * 404 and counts requests, so a verifier that follows a key URL is caught. It sees fetches only
 * from a target that runs on this machine.
 *
 * @module
 * @internal
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** The listener: its origin, the requests it saw, and `close()`. */
export interface KeyUrlListener {
	origin: string;
	hits: string[];
	close(): Promise<void>;
}

/** Starts the listener on 127.0.0.1 at a free port. */
export async function startListener(): Promise<KeyUrlListener> {
	const hits: string[] = [];
	const server = createServer((req, res) => {
		hits.push(`${req.method} ${req.url}`);
		res.writeHead(404, { "content-type": "application/json" }).end('{"keys":[]}');
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		hits,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
