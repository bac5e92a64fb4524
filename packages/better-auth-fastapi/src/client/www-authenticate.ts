/**
 * A small, total parser for the `WWW-Authenticate` response header (RFC 9110 §11.6.1): one or
 * more challenges, each a scheme followed by a token68 or by comma-separated auth-params whose
 * values are tokens or quoted strings. It never throws: input it cannot make sense of is skipped.
 *
 * @module
 */
import type { BearerError } from "../core/codes.js";

/** One challenge of a `WWW-Authenticate` header. */
export interface Challenge {
	/** The auth scheme as sent, e.g. `Bearer` (compare it case-insensitively). */
	scheme: string;
	/** The auth-params; names are lower-cased (they are case-insensitive), values unquoted. */
	params: Record<string, string>;
	/** The token68 credential, for schemes that send one instead of auth-params. */
	token68?: string | undefined;
}

/** The parsed `Bearer` challenge of RFC 6750 §3. */
export interface BearerChallenge extends Challenge {
	/** The `realm` auth-param, e.g. `api`. */
	realm: string | undefined;
	/** The RFC 6750 `error`; `null` when absent (the request carried no credentials). */
	error: BearerError | null;
	/** The `error_description` auth-param, if any. */
	errorDescription: string | undefined;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[-._~+/0-9A-Za-z]/;
const BEARER_ERRORS = new Set(["invalid_request", "invalid_token", "insufficient_scope"]);

/**
 * Parses a `WWW-Authenticate` value (several headers joined by `", "`, as `Headers.get` does)
 * into its challenges, in order.
 *
 * @example
 * ```ts
 * parseWwwAuthenticate('Bearer realm="api", error="invalid_token"');
 * // [{ scheme: "Bearer", params: { realm: "api", error: "invalid_token" } }]
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 */
export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
	const s = header ?? "";
	const challenges: Challenge[] = [];
	let i = 0;
	const skipSpace = () => {
		while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
	};
	const skipSeparators = () => {
		while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === ",")) i++;
	};
	const readToken = (pattern: RegExp) => {
		const start = i;
		while (i < s.length && pattern.test(s[i] as string)) i++;
		return s.slice(start, i);
	};
	const readQuoted = () => {
		i++; // opening quote
		let out = "";
		while (i < s.length && s[i] !== '"') {
			if (s[i] === "\\" && i + 1 < s.length) i++;
			out += s[i];
			i++;
		}
		i++; // closing quote (or end of input)
		return out;
	};
	/** Whether the text at `i` is `name OWS "="` but not a token68 ending in `=`. */
	const atParam = () => {
		const save = i;
		const name = readToken(TCHAR);
		skipSpace();
		const isParam = name.length > 0 && s[i] === "=";
		let next = i + 1;
		while (next < s.length && (s[next] === " " || s[next] === "\t")) next++;
		const ok = isParam && s[next] !== "=" && s[next] !== "," && next < s.length;
		i = save;
		return ok;
	};

	while (i < s.length) {
		skipSeparators();
		const scheme = readToken(TCHAR);
		if (scheme === "") {
			if (i < s.length) i++; // not a scheme: skip one character and resynchronise
			continue;
		}
		const challenge: Challenge = { scheme, params: {} };
		challenges.push(challenge);
		skipSpace();
		if (!atParam()) {
			const start = i;
			const t68 = readToken(TOKEN68_CHAR);
			if (t68 !== "") {
				while (s[i] === "=") i++;
				challenge.token68 = s.slice(start, i);
			}
			continue;
		}
		while (i < s.length) {
			skipSpace();
			const name = readToken(TCHAR).toLowerCase();
			skipSpace();
			i++; // "="
			skipSpace();
			const value = s[i] === '"' ? readQuoted() : readToken(TCHAR);
			if (!(name in challenge.params)) challenge.params[name] = value;
			skipSpace();
			if (s[i] !== ",") break;
			const save = i;
			skipSeparators();
			if (!atParam()) {
				i = save; // the next challenge starts here
				break;
			}
		}
	}
	return challenges;
}

/**
 * The first `Bearer` challenge of a response's `WWW-Authenticate` header, or `null` if there is
 * none.
 *
 * @example
 * ```ts
 * const challenge = bearerChallenge(response.headers);
 * if (challenge?.error === "invalid_token") {
 * 	// the token was rejected: fetch a new one
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function bearerChallenge(
	headers: Headers | string | null | undefined,
): BearerChallenge | null {
	const value =
		typeof headers === "object" && headers !== null ? headers.get("www-authenticate") : headers;
	const found = parseWwwAuthenticate(value).find((c) => c.scheme.toLowerCase() === "bearer");
	if (found === undefined) return null;
	const error = found.params.error;
	return {
		...found,
		realm: found.params.realm,
		error: error !== undefined && BEARER_ERRORS.has(error) ? (error as BearerError) : null,
		errorDescription: found.params.error_description,
	};
}
