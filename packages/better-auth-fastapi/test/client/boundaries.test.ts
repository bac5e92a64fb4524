// The client's dependency rule (DESIGN.md): src/client imports src/core, and src/server only with
// `import type`; no `node:` module; `react` only in react.ts. Checked on the sources, and on a real
// browser bundle of each entry point (esbuild, which tsx and vite already bring).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, test } from "vitest";

const CLIENT = fileURLToPath(new URL("../../src/client/", import.meta.url));
const files = readdirSync(CLIENT).filter((f) => f.endsWith(".ts"));

/** Every import/export-from statement: whether it is type-only, and its specifier. */
function imports(source: string): { typeOnly: boolean; specifier: string }[] {
	// `import "x"` (side effects only), `import … from "x"`, `export … from "x"`; either quote.
	const statement = /^(?:import|export)\s+(type\s+)?(?:[^;'"]*?\s+from\s+)?(["'])([^"']+)\2/gm;
	return [...source.matchAll(statement)].map((m) => ({
		typeOnly: m[1] !== undefined,
		specifier: m[3] as string,
	}));
}

describe("the import scanner", () => {
	test("sees every form of static import and re-export, with either quote", () => {
		const source = [
			'import "node:fs";',
			"import '../server/index.js';",
			'import { a } from "./a.js";',
			"import type { B } from '../server/b.js';",
			'import {\n\ttype C,\n\tD,\n} from "better-auth/client";',
			'export * from "../server/c.js";',
			'export type { E } from "./e.js";',
			'import * as ns from "react";',
		].join("\n");
		expect(imports(source)).toEqual([
			{ typeOnly: false, specifier: "node:fs" },
			{ typeOnly: false, specifier: "../server/index.js" },
			{ typeOnly: false, specifier: "./a.js" },
			{ typeOnly: true, specifier: "../server/b.js" },
			{ typeOnly: false, specifier: "better-auth/client" },
			{ typeOnly: false, specifier: "../server/c.js" },
			{ typeOnly: true, specifier: "./e.js" },
			{ typeOnly: false, specifier: "react" },
		]);
	});
});

describe("src/client boundaries", () => {
	test.each(files)(
		"%s imports only ./, ../core, type-only ../server and type-only better-auth",
		(file) => {
			const source = readFileSync(CLIENT + file, "utf8");
			expect(source).not.toMatch(/from\s+"node:/);
			expect(source).not.toMatch(/\b(import|require)\s*\(/); // no dynamic imports, no require
			for (const { typeOnly, specifier } of imports(source)) {
				if (specifier.startsWith("./") || specifier.startsWith("../core/")) continue;
				if (specifier === "react" && file === "react.ts") continue;
				expect(typeOnly, `${file}: "${specifier}" must be imported with import type`).toBe(true);
				expect(specifier).toMatch(/^(\.\.\/server\/|better-auth\/client$)/);
			}
		},
	);

	test.each(files)(
		"%s keeps the token in memory: no web storage, cookie or IndexedDB access",
		(file) => {
			const source = readFileSync(CLIENT + file, "utf8");
			expect(source).not.toMatch(
				/localStorage|sessionStorage|document\.cookie|cookieStore|indexedDB/,
			);
		},
	);

	test.each(["index.ts", "next.ts", "react.ts"])(
		"a browser bundle of %s has no server code, no node: module and no better-auth",
		async (entry) => {
			const result = await build({
				entryPoints: [CLIENT + entry],
				bundle: true,
				write: false,
				platform: "browser",
				format: "esm",
				external: ["react"],
				logLevel: "silent",
			});
			const code = result.outputFiles[0]?.text ?? "";
			expect(code.length).toBeGreaterThan(1000);
			expect(code).not.toMatch(/["']node:/);
			expect(code).not.toMatch(/better-auth\/|from ["']better-auth["']/);
			expect(code).not.toContain("createAuthEndpoint");
			expect(code).not.toContain("hkdf");
			expect(code).not.toContain("signAccessToken");
		},
	);

	test("the browser bundle runs where only Web APIs exist (an edge-runtime-like sandbox)", async () => {
		const result = await build({
			entryPoints: [`${CLIENT}index.ts`],
			bundle: true,
			write: false,
			platform: "browser",
			format: "iife",
			globalName: "client",
			logLevel: "silent",
		});
		// Web globals only: no process, Buffer, require or module.
		const sandbox = createContext({
			fetch,
			Headers,
			Request,
			Response,
			URL,
			URLSearchParams,
			AbortController,
			AbortSignal,
			TextDecoder,
			TextEncoder,
			Blob,
			FormData,
			ReadableStream,
			setTimeout,
			clearTimeout,
			performance,
			console,
		});
		runInContext(result.outputFiles[0]?.text ?? "", sandbox);
		const client = sandbox.client as typeof import("../../src/client/index.js");
		const b64 = (v: unknown) =>
			btoa(JSON.stringify(v)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
		const iat = Math.floor(Date.now() / 1000);
		const token = `${b64({ alg: "HS256" })}.${b64({ sub: "edge", iat, exp: iat + 900 })}.c2ln`;
		const seen: string[] = [];
		const apiFetch = client.createApiFetch({
			baseURL: "https://api.example.test",
			getToken: async () => ({ token, expiresAt: (iat + 900) * 1000 }),
			fetch: async (_input, init) => {
				seen.push(new Headers(init?.headers).get("authorization") ?? "");
				return new Response("ok");
			},
		});
		expect(await (await apiFetch("/api/me")).text()).toBe("ok");
		expect(seen).toEqual([`Bearer ${token}`]);
	});
});
