/**
 * One line of the `doctor` report, and a helper to build the lines of one check.
 *
 * @module
 * @internal
 */

/** One check's outcome. `warn` and `skip` do not fail the run. */
export interface Check {
	id: string;
	title: string;
	status: "pass" | "fail" | "warn" | "skip";
	detail: string;
	fix?: string | undefined;
}

/** `check(status, detail, fix?)` for one check id and title. */
export const checker =
	(id: string, title: string) =>
	(status: Check["status"], detail: string, fix?: string): Check =>
		fix === undefined ? { id, title, status, detail } : { id, title, status, detail, fix };

/** The `code` of a JSON error body, if any. */
export function bodyCode(body: string): string | undefined {
	try {
		const b = JSON.parse(body) as { code?: unknown };
		return typeof b.code === "string" ? b.code : undefined;
	} catch {
		return undefined;
	}
}

/** Loopback and `*.localhost` hosts, where plain HTTP is fine. */
export const isLocal = (u: URL) =>
	["localhost", "127.0.0.1", "[::1]"].includes(u.hostname) || u.hostname.endsWith(".localhost");
