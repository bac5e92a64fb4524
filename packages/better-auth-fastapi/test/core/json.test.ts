import { describe, expect, test } from "vitest";
import { MAX_JSON_DEPTH, parseJsonObject } from "../../src/core/json.js";

const parse = (text: string) => parseJsonObject(new TextEncoder().encode(text));
const bytes = (...b: number[]) => new Uint8Array(b);

describe("parseJsonObject", () => {
	test("parses what JSON.parse parses, for objects", () => {
		const samples = [
			"{}",
			' { "a" : 1 , "b" : [ true , false , null ] } ',
			'{"n":-0.5e-3,"m":1E+2,"z":0,"s":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"}',
			'{"nested":{"a":[{"b":{}}],"c":"é 山 🎉"}}',
			'{"big":1e400,"neg":-1e400}',
		];
		for (const s of samples) expect(parse(s)).toEqual(JSON.parse(s));
	});

	test("refuses duplicate names at any depth, also when written with escapes", () => {
		expect(parse('{"a":1,"a":1}')).toBeUndefined();
		expect(parse('{"a":1,"\\u0061":2}')).toBeUndefined();
		expect(parse('{"x":[{"a":1,"a":2}]}')).toBeUndefined();
		expect(parse('{"a":{"b":1},"c":{"b":1}}')).toEqual({ a: { b: 1 }, c: { b: 1 } });
	});

	test("keeps __proto__ as an own member and pollutes nothing", () => {
		const o = parse('{"__proto__":{"polluted":true},"constructor":1}') as Record<string, unknown>;
		expect(Object.keys(o)).toEqual(["__proto__", "constructor"]);
		expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(parse('{"__proto__":1,"__proto__":2}')).toBeUndefined();
	});

	test("refuses lone and reversed surrogates, in values and names", () => {
		expect(parse('{"a":"\\ud800"}')).toBeUndefined();
		expect(parse('{"a":"\\udc00\\ud800"}')).toBeUndefined();
		expect(parse('{"\\ud800":1}')).toBeUndefined();
		expect(parse('{"a":"x\\ud83d"}')).toBeUndefined();
		expect(parse('{"a":"\\ud83d\\ude00"}')).toEqual({ a: "😀" });
	});

	test("refuses non-UTF-8, a BOM and UTF-16", () => {
		expect(parseJsonObject(bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d))).toBeUndefined();
		expect(parseJsonObject(bytes(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d))).toBeUndefined();
		expect(parseJsonObject(bytes(0x7b, 0x00, 0x7d, 0x00))).toBeUndefined();
		expect(parseJsonObject(bytes(0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00))).toBeUndefined();
	});

	test("refuses everything outside RFC 8259", () => {
		const bad = [
			"",
			"[]",
			'"s"',
			"null",
			"1",
			"{",
			"{}}",
			"{} x",
			'{"a":NaN}',
			'{"a":Infinity}',
			'{"a":-Infinity}',
			'{"a":01}',
			'{"a":1.}',
			'{"a":.5}',
			'{"a":+1}',
			'{"a":1e}',
			'{"a":0x10}',
			'{"a":1,}',
			'{,"a":1}',
			"{'a':1}",
			"{a:1}",
			'{"a":"\u0001"}',
			'{"a":"\\x41"}',
			'{"a":"\\u12"}',
			'{"a":"\\u12G4"}',
			'{"a":tru}',
			'{"a":nul}',
			'{"a":[1,]}',
			'{"a":[1 2]}',
			'{"a" 1}',
			'/**/{"a":1}',
			'{"a":1}//',
			'{"a":"unterminated}',
			'\u00a0{"a":1}',
		];
		for (const s of bad) expect(parse(s), JSON.stringify(s)).toBeUndefined();
	});

	test(`accepts nesting up to ${MAX_JSON_DEPTH} levels and refuses deeper`, () => {
		const nest = (levels: number) => `{"a":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;
		expect(parse(nest(64))).toBeDefined();
		expect(parse(nest(MAX_JSON_DEPTH))).toBeDefined();
		expect(parse(nest(MAX_JSON_DEPTH + 1))).toBeUndefined();
		expect(parse(`{"a":${"[".repeat(100_000)}`)).toBeUndefined();
	});

	test("an exhausted call stack gives undefined (JSON_INVALID), never a RangeError", () => {
		const deep = new TextEncoder().encode(`{"a":${"[".repeat(999)}${"]".repeat(999)}}`);
		let unwound = 0;
		let outcome: unknown = "not run";
		// Recurse until the stack overflows, unwind a few frames, then parse with little room left.
		const dive = (): void => {
			try {
				dive();
			} catch (e) {
				if (!(e instanceof RangeError) || ++unwound < 50) throw e;
				try {
					outcome = parseJsonObject(deep);
				} catch (x) {
					outcome = x;
				}
			}
		};
		dive();
		expect(outcome).toBeUndefined();
		expect(parseJsonObject(deep)).toBeDefined(); // with a normal stack it parses
	});
});
