/**
 * Strict JSON for JOSE headers and claims sets: strict UTF-8 (a BOM is not stripped), RFC 8259
 * grammar only (no NaN/Infinity, comments or trailing data), no duplicate member names at any
 * depth (compared after unescaping), every string well-formed Unicode, nesting at most
 * {@link MAX_JSON_DEPTH} levels. `JSON.parse` alone accepts duplicates (last one wins) and lone
 * surrogates, hence this small hand-written parser. Objects get their members as own data
 * properties, so `__proto__` is an ordinary member and no prototype is ever touched.
 *
 * @module
 * @internal
 */

/**
 * Deepest accepted nesting; the top-level value is level 1. The contract pins it exactly: 1000
 * levels are accepted, 1001 are invalid (`verify_v1` #265–270), in Python as here.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-9
 */
export const MAX_JSON_DEPTH = 1000;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Thrown internally on the first syntax error; never escapes this module. */
const FAIL: unique symbol = Symbol("json");

class Parser {
	i = 0;
	constructor(readonly s: string) {}

	fail(): never {
		throw FAIL;
	}

	ws(): void {
		const s = this.s;
		let c = s.charCodeAt(this.i);
		while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++this.i);
	}

	value(depth: number): unknown {
		const c = this.s.charCodeAt(this.i);
		if (c === 0x7b) return this.object(depth);
		if (c === 0x5b) return this.array(depth);
		if (c === 0x22) return this.string();
		if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
		if (this.s.startsWith("true", this.i)) return this.literal(4, true);
		if (this.s.startsWith("false", this.i)) return this.literal(5, false);
		if (this.s.startsWith("null", this.i)) return this.literal(4, null);
		return this.fail();
	}

	literal<T>(length: number, value: T): T {
		this.i += length;
		return value;
	}

	object(depth: number): Record<string, unknown> {
		if (depth > MAX_JSON_DEPTH) this.fail();
		const out: Record<string, unknown> = {};
		this.i++;
		this.ws();
		if (this.s.charCodeAt(this.i) === 0x7d) {
			this.i++;
			return out;
		}
		for (;;) {
			if (this.s.charCodeAt(this.i) !== 0x22) this.fail();
			const name = this.string();
			this.ws();
			if (this.s.charCodeAt(this.i) !== 0x3a) this.fail();
			this.i++;
			this.ws();
			const value = this.value(depth + 1);
			if (Object.hasOwn(out, name)) this.fail();
			defineMember(out, name, value);
			this.ws();
			const c = this.s.charCodeAt(this.i++);
			if (c === 0x7d) return out;
			if (c !== 0x2c) this.fail();
			this.ws();
		}
	}

	array(depth: number): unknown[] {
		if (depth > MAX_JSON_DEPTH) this.fail();
		const out: unknown[] = [];
		this.i++;
		this.ws();
		if (this.s.charCodeAt(this.i) === 0x5d) {
			this.i++;
			return out;
		}
		for (;;) {
			out.push(this.value(depth + 1));
			this.ws();
			const c = this.s.charCodeAt(this.i++);
			if (c === 0x5d) return out;
			if (c !== 0x2c) this.fail();
			this.ws();
		}
	}

	string(): string {
		const s = this.s;
		let i = this.i + 1;
		let start = i;
		let out = "";
		let surrogates = false;
		for (;;) {
			const c = s.charCodeAt(i);
			if (c === 0x22) break;
			if (i >= s.length || c < 0x20) this.fail(); // end of input; raw control character
			if (c !== 0x5c) {
				i++;
				continue;
			}
			out += s.slice(start, i);
			const e = s.charCodeAt(i + 1);
			i += 2;
			if (e === 0x75) {
				const hex = s.slice(i, i + 4);
				if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail();
				const unit = Number.parseInt(hex, 16);
				if (unit >= 0xd800 && unit <= 0xdfff) surrogates = true;
				out += String.fromCharCode(unit);
				i += 4;
			} else {
				const simple = ESCAPES[e];
				if (simple === undefined) this.fail();
				out += simple;
			}
			start = i;
		}
		out += s.slice(start, i);
		this.i = i + 1;
		// Raw text comes from a strict UTF-8 decode, so only \u escapes can form a lone surrogate.
		if (surrogates && !isWellFormed(out)) this.fail();
		return out;
	}

	number(): number {
		const s = this.s;
		const start = this.i;
		let i = start;
		if (s.charCodeAt(i) === 0x2d) i++;
		if (s.charCodeAt(i) === 0x30) i++;
		else if (isDigit(s.charCodeAt(i))) while (isDigit(s.charCodeAt(i))) i++;
		else this.fail();
		if (s.charCodeAt(i) === 0x2e) {
			i++;
			if (!isDigit(s.charCodeAt(i))) this.fail();
			while (isDigit(s.charCodeAt(i))) i++;
		}
		const e = s.charCodeAt(i);
		if (e === 0x65 || e === 0x45) {
			i++;
			const sign = s.charCodeAt(i);
			if (sign === 0x2b || sign === 0x2d) i++;
			if (!isDigit(s.charCodeAt(i))) this.fail();
			while (isDigit(s.charCodeAt(i))) i++;
		}
		this.i = i;
		return Number(s.slice(start, i));
	}
}

const ESCAPES: Record<number, string> = {
	34: '"',
	92: "\\",
	47: "/",
	98: "\b",
	102: "\f",
	110: "\n",
	114: "\r",
	116: "\t",
};

/**
 * Sets an own, enumerable data property, as a JSON member is: unlike `o[name] = value`, a
 * `"__proto__"` name stays a member instead of replacing the prototype.
 */
export function defineMember(target: object, name: string, value: unknown): void {
	Object.defineProperty(target, name, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * True when every surrogate code unit is part of a high-low pair (`String.prototype.isWellFormed`,
 * which older runtimes lack).
 */
export function isWellFormed(s: string): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0xd800 || c > 0xdfff) continue;
		if (c >= 0xdc00) return false;
		const next = s.charCodeAt(i + 1);
		if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
		i++;
	}
	return true;
}

/**
 * Parses UTF-8 bytes holding one JSON object under the strict rules of this module.
 *
 * @returns The object, or `undefined` when the bytes are not such an object.
 * @see https://www.rfc-editor.org/rfc/rfc8259
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
	let text: string;
	try {
		text = decoder.decode(bytes);
	} catch {
		return undefined;
	}
	try {
		const parser = new Parser(text);
		parser.ws();
		if (text.charCodeAt(parser.i) !== 0x7b) return undefined;
		const value = parser.object(1);
		parser.ws();
		return parser.i === text.length ? value : undefined;
	} catch (error) {
		// RangeError: the call stack ran out before MAX_JSON_DEPTH (a caller already deep in its
		// own stack). Refuse the input rather than let a non-AccessTokenError escape verify().
		if (error === FAIL || error instanceof RangeError) return undefined;
		throw error;
	}
}
