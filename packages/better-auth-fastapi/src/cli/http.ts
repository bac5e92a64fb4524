/**
 * One HTTP request with exactly the headers given (repeated headers stay repeated, nothing is
 * normalised), a timeout and a capped body: what `conformance` and `doctor` send.
 *
 * @module
 * @internal
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { UnreachableError } from "./errors.js";

/** A request. Header values given as arrays are sent as that many header lines. */
export interface HttpRequest {
	method?: string | undefined;
	url: URL;
	headers?: Record<string, string | string[]> | undefined;
	body?: string | undefined;
	/** @default 15000 */
	timeoutMs?: number | undefined;
	/** A new connection instead of a kept-alive one. */
	fresh?: boolean | undefined;
}

/** A response: status, headers (lower-case names) and the body as text (first 256 KiB). */
export interface HttpResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

const MAX_BODY = 256 * 1024;
const agents = {
	http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
	https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/** Closes the kept-alive connections (so the process can exit). */
export function closeConnections(): void {
	agents.http.destroy();
	agents.https.destroy();
}

/**
 * Sends a request; a kept-alive connection the server closed meanwhile (it may close after an
 * error answer) is retried once on a new connection, for GET and OPTIONS only. Rejects with {@link UnreachableError} when no answer comes (the message names the URL's origin). */
export async function send(req: HttpRequest): Promise<HttpResponse> {
	try {
		return await sendOnce(req);
	} catch (error) {
		const idempotent = req.method === undefined || req.method === "GET" || req.method === "OPTIONS";
		if (req.fresh || !idempotent || !(error instanceof UnreachableError)) throw error;
		return sendOnce({ ...req, fresh: true });
	}
}

function sendOnce(req: HttpRequest): Promise<HttpResponse> {
	const https = req.url.protocol === "https:";
	const fn = https ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const r = fn(
			req.url,
			{
				method: req.method ?? "GET",
				agent: req.fresh ? false : https ? agents.https : agents.http,
				headers: req.headers ?? {},
			},
			(res) => {
				const chunks: Buffer[] = [];
				let size = 0;
				res.on("data", (c: Buffer) => {
					if (size < MAX_BODY) chunks.push(c);
					size += c.length;
				});
				res.on("end", () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_BODY),
					}),
				);
				res.on("error", (e) =>
					reject(new UnreachableError(`${req.url.origin} broke off its answer (${e.message})`)),
				);
			},
		);
		r.setTimeout(req.timeoutMs ?? 15_000, () =>
			r.destroy(new Error("no answer within the timeout")),
		);
		r.on("error", (e: NodeJS.ErrnoException) =>
			reject(new UnreachableError(`${req.url.origin} did not answer (${e.code ?? e.message})`)),
		);
		r.end(req.body);
	});
}

/** One header's value as a single string (repeated headers joined with ", "). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
	const v = headers[name.toLowerCase()];
	if (v === undefined) return null;
	return Array.isArray(v) ? v.join(", ") : v;
}
