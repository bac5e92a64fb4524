/**
 * "What was sent", for people: a token's decoded header and claims when they decode, else its
 * length and first characters. Never a secret (the CLI holds the secret, tokens never carry it).
 *
 * @module
 * @internal
 */
import { base64urlDecode } from "../../core/base64url.js";

const decoder = new TextDecoder("utf-8", { fatal: true });

function segment(s: string | undefined): string | undefined {
	if (s === undefined || s === "") return undefined;
	const bytes = base64urlDecode(s);
	if (bytes === null) return undefined;
	try {
		return decoder.decode(bytes);
	} catch {
		return undefined;
	}
}

const clip = (s: string, n = 200) =>
	s.length > n ? `${s.slice(0, n)}... (${s.length} characters)` : s;

/** A short description of a token and, when the payload is JSON with a string `sub`, that sub. */
export function describeToken(token: string): { text: string; sub: string | undefined } {
	const [h, p, sig] = token.split(".");
	const header = segment(h);
	const payload = segment(p);
	let sub: string | undefined;
	try {
		const claims = payload === undefined ? undefined : (JSON.parse(payload) as unknown);
		if (
			typeof claims === "object" &&
			claims !== null &&
			typeof (claims as { sub?: unknown }).sub === "string"
		) {
			sub = (claims as { sub: string }).sub;
		}
	} catch {
		// not JSON: described as text below
	}
	const lines = [
		`token (${token.length} characters)`,
		`header: ${header === undefined ? `(not UTF-8 base64url) ${clip(h ?? "", 60)}` : clip(header)}`,
		`claims: ${payload === undefined ? `(not UTF-8 base64url) ${clip(p ?? "", 60)}` : clip(payload)}`,
		`signature: ${clip(sig ?? "(none)", 60)}`,
	];
	return { text: lines.join("\n"), sub };
}
