// docs/client.md's code blocks are the files in ./examples, verbatim except that the package's
// import paths replace the relative ones; and those files work: they run here against the real
// Better Auth (their own lib/auth.ts, on SQLite, served by node:http) and the real FastAPI example
// API (uvicorn), with a cookie-keeping fetch standing in for the browser.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { cookieJarFetch, PASSWORD, SECRET, startExampleApi } from "./real-servers.js";

const EXAMPLES = fileURLToPath(new URL("./examples/", import.meta.url));
const DOC = fileURLToPath(new URL("../../../../docs/client.md", import.meta.url));
const SPECIFIERS: Record<string, string> = {
	"../../../src/client/index.js": "better-auth-fastapi/client",
	"../../../src/client/next.js": "better-auth-fastapi/next",
	"../../../src/client/react.js": "better-auth-fastapi/react",
	"../../../src/server/index.js": "better-auth-fastapi/server",
};

function published(source: string): string {
	let out = source;
	for (const [local, name] of Object.entries(SPECIFIERS))
		out = out.replaceAll(`"${local}"`, `"${name}"`);
	return out.trimEnd();
}

describe("docs/client.md", () => {
	test("every ts block is an example file and every example file is in the doc", () => {
		const blocks = [...readFileSync(DOC, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) =>
			(m[1] as string).trimEnd(),
		);
		const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".ts"));
		const sources = new Map(
			files.map((f) => [f, published(readFileSync(join(EXAMPLES, f), "utf8"))]),
		);
		for (const block of blocks) {
			const match = [...sources].find(([, s]) => s === block);
			expect(match, `a ts block of docs/client.md is no example file:\n${block}`).toBeDefined();
		}
		for (const [file, source] of sources) {
			expect(blocks, `${file} is not in docs/client.md verbatim`).toContain(source);
		}
		expect(blocks.length).toBe(files.length);
	});
});

type Examples = {
	auth: typeof import("./examples/auth.js");
	client: typeof import("./examples/auth-client.js");
	route: typeof import("./examples/route.js");
	todos: typeof import("./examples/todos.js");
	hooks: typeof import("./examples/use-todo-actions.js");
};

let ex: Examples;
let server: Server;
let api: Awaited<ReturnType<typeof startExampleApi>>;
let jar: Map<string, string>;
let dir: string;
let authURL: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), "baf-docs-"));
	let handler: ReturnType<typeof toNodeHandler> | undefined;
	server = createServer((req, res) => {
		if (handler) void handler(req, res);
		else res.writeHead(503).end();
	});
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	authURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	api = await startExampleApi(authURL, null);

	vi.stubEnv("BETTER_AUTH_SECRET", SECRET);
	vi.stubEnv("BETTER_AUTH_URL", authURL);
	vi.stubEnv("AUTH_DB", join(dir, "auth.sqlite"));
	vi.stubEnv("API_URL", api.url);
	vi.stubEnv("NEXT_PUBLIC_API_URL", api.url);
	vi.stubEnv("NEXT_PUBLIC_BETTER_AUTH_URL", authURL);
	const cookies = cookieJarFetch(authURL, globalThis.fetch);
	jar = cookies.jar;
	vi.stubGlobal("fetch", cookies.fetch);

	const auth = await import("./examples/auth.js");
	await (await getMigrations(auth.auth.options)).runMigrations();
	handler = toNodeHandler(auth.auth);
	ex = {
		auth,
		client: await import("./examples/auth-client.js"),
		route: await import("./examples/route.js"),
		todos: await import("./examples/todos.js"),
		hooks: await import("./examples/use-todo-actions.js"),
	};
}, 60_000);

afterAll(async () => {
	vi.unstubAllGlobals();
	vi.unstubAllEnvs();
	await api?.stop();
	server?.closeAllConnections();
	await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
	(ex?.auth.auth.options.database as { close?: () => void } | undefined)?.close?.();
	rmSync(dir, { recursive: true, force: true });
});

function requestHeaders(): Headers {
	return new Headers({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") });
}

let captured: ReturnType<Examples["hooks"]["useTodoActions"]> | undefined;
/** A client component using the example hook; rendered by React (server renderer, no DOM). */
function TodoActions() {
	captured = ex.hooks.useTodoActions();
	return null;
}

describe("docs/client.md examples, run", () => {
	test("browser: signed out, loadMe() is null and canAdminister() is false", async () => {
		expect(await ex.client.loadMe()).toBeNull();
		expect(await ex.client.canAdminister()).toBe(false);
	});

	test("browser: after sign-up, loadMe() is the user and canAdminister() is false (403)", async () => {
		const { data } = await ex.client.authClient.signUp.email({
			email: "docs@example.com",
			password: PASSWORD,
			name: "Docs Reader",
		});
		const me = await ex.client.loadMe();
		expect(me).toMatchObject({ id: data?.user.id, email: "docs@example.com", roles: ["user"] });
		expect(await ex.client.canAdminister()).toBe(false);
	});

	test("Next.js route handler: the user's /api/me; 401 SESSION_MISSING without a session", async () => {
		const ok = await ex.route.GET(new Request(`${authURL}/api/me`, { headers: requestHeaders() }));
		expect(ok.status).toBe(200);
		expect(await ok.json()).toMatchObject({ email: "docs@example.com" });
		const anonymous = await ex.route.GET(new Request(`${authURL}/api/me`));
		expect(anonymous.status).toBe(401);
		expect(await anonymous.json()).toEqual({ code: "SESSION_MISSING" });
	});

	test("React hook and server loading: add, list and remove a to-do", async () => {
		renderToString(createElement(TodoActions));
		const actions = captured as NonNullable<typeof captured>;
		const todo = await actions.addTodo("Read the client docs");
		expect(todo).toMatchObject({ title: "Read the client docs", done: false });
		expect(await ex.todos.loadTodos(requestHeaders())).toEqual([
			expect.objectContaining({ id: todo.id, title: "Read the client docs" }),
		]);
		await actions.removeTodo(todo.id);
		expect(await ex.todos.loadTodos(requestHeaders())).toEqual([]);
	});
});
