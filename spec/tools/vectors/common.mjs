// Shared helpers of the vector generator: key derivation, raw JWS assembly, and the file skeleton
// (tcId numbering, flag bookkeeping). node:crypto only.
import { createHash, createHmac, hkdfSync } from "node:crypto";

/** HKDF info of contract v1. */
export const KEY_INFO = "better-auth-fastapi access token v1";

/** base64url without padding. */
export const b64u = (data) => Buffer.from(data).toString("base64url");

/** Bytes of: a Buffer as is, a string as UTF-8 (raw JSON text), anything else as compact JSON. */
export function bytes(x) {
	if (Buffer.isBuffer(x)) return x;
	if (typeof x === "string") return Buffer.from(x, "utf8");
	return Buffer.from(JSON.stringify(x), "utf8");
}

/** The HS256 key bytes of a secret (contract v1 "Key"). */
export function deriveKey(secret, mode = "derived") {
	const ikm = Buffer.from(secret, "utf8");
	if (mode === "raw") return ikm;
	return Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), Buffer.from(KEY_INFO, "utf8"), 32));
}

/** kid = first 16 chars of base64url(SHA-256(key bytes)). */
export const kidOf = (key) => b64u(createHash("sha256").update(key).digest()).slice(0, 16);

/** HMAC over the ASCII signing input. */
export const hmac = (key, input, hash = "sha256") =>
	createHmac(hash, key).update(Buffer.from(input, "latin1")).digest();

/**
 * A compact JWS from arbitrary header and payload (objects, raw JSON text or raw bytes), signed
 * with HMAC-SHA256 over the encoded segments. `sig(input, mac)` may replace the signature segment.
 */
export function jws(header, payload, key, sig) {
	const input = `${b64u(bytes(header))}.${b64u(bytes(payload))}`;
	const mac = hmac(key, input);
	return `${input}.${sig ? sig(input, mac) : b64u(mac)}`;
}

/** Splits a compact token into its three segments. */
export const segments = (token) => token.split(".");

/**
 * One vector file: numbers tests 1..N in insertion order, checks that every flag has a note and
 * every note is used, and emits the fixed top-level shape.
 */
export class VectorFile {
	constructor({ schema, header, notes }) {
		this.schema = schema;
		this.header = header;
		this.notes = notes;
		this.groups = [];
		this.count = 0;
		this.used = new Set();
	}

	/** Starts a group; returns a function adding one test (`tcId` assigned here). */
	group(fields) {
		const group = { ...fields, tests: [] };
		this.groups.push(group);
		return (test) => {
			const { comment, flags, ...rest } = test;
			if (!/^[a-z][A-Za-z0-9]*$/.test(comment)) throw new Error(`bad comment ${comment}`);
			for (const f of flags) {
				if (!(f in this.notes)) throw new Error(`flag ${f} has no note (${comment})`);
				this.used.add(f);
			}
			group.tests.push({ tcId: ++this.count, comment, ...rest, flags });
		};
	}

	toJSON() {
		for (const f of Object.keys(this.notes)) {
			if (!this.used.has(f)) throw new Error(`note ${f} is never used`);
		}
		for (const g of this.groups) {
			const comments = new Set();
			for (const t of g.tests) {
				if (comments.has(t.comment)) throw new Error(`duplicate comment ${t.comment}`);
				comments.add(t.comment);
			}
		}
		return {
			schema: this.schema,
			header: this.header,
			notes: this.notes,
			numberOfTests: this.count,
			testGroups: this.groups,
		};
	}
}

/** RFC links used in notes. */
export const RFC = {
	jws: (s) => `https://www.rfc-editor.org/rfc/rfc7515#section-${s}`,
	jwt: (s) => `https://www.rfc-editor.org/rfc/rfc7519#section-${s}`,
	bcp: (s) => `https://www.rfc-editor.org/rfc/rfc8725#section-${s}`,
	at: (s) => `https://www.rfc-editor.org/rfc/rfc9068#section-${s}`,
	b64: (s) => `https://www.rfc-editor.org/rfc/rfc4648#section-${s}`,
	json: (s) => `https://www.rfc-editor.org/rfc/rfc8259#section-${s}`,
	bearer: (s) => `https://www.rfc-editor.org/rfc/rfc6750#section-${s}`,
	http: (s) => `https://www.rfc-editor.org/rfc/rfc9110#section-${s}`,
	hkdf: (s) => `https://www.rfc-editor.org/rfc/rfc5869#section-${s}`,
	utf8: (s) => `https://www.rfc-editor.org/rfc/rfc3629#section-${s}`,
};
