// A minimal Better Auth server for the example stack: migrates its SQLite database, then serves
// Better Auth under /api/auth on 127.0.0.1:$PORT (default 3000) with node:http.
//   BETTER_AUTH_SECRET=... npx tsx --tsconfig examples/auth-server/tsconfig.json examples/auth-server/server.ts
import { createServer } from "node:http";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { createAuth } from "./auth.ts";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
let auth: ReturnType<typeof createAuth>;
try {
	auth = createAuth();
} catch (error) {
	// A ConfigurationError (e.g. a weak BETTER_AUTH_SECRET): its message names the setting, never
	// the value; print it without a stack trace.
	console.error(`auth server: refusing to start: ${(error as Error).message}`);
	process.exit(1);
}

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const handle = toNodeHandler(auth);
const trusted = new Set(["http://localhost:3001", "http://127.0.0.1:3001"]);

const server = createServer((req, res) => {
	// CORS for the example front end on :3001 (cookies and the Authorization header).
	const origin = req.headers.origin;
	if (origin && trusted.has(origin)) {
		res.setHeader("Access-Control-Allow-Origin", origin);
		res.setHeader("Access-Control-Allow-Credentials", "true");
		res.setHeader("Access-Control-Allow-Headers", "content-type, authorization");
		res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
		res.setHeader("Access-Control-Expose-Headers", "set-auth-token");
		res.setHeader("Vary", "Origin");
	}
	if (req.method === "OPTIONS") {
		res.writeHead(204).end();
		return;
	}
	if (req.url?.startsWith("/api/auth")) {
		void handle(req, res);
		return;
	}
	res.writeHead(404, { "content-type": "application/json" });
	res.end(JSON.stringify({ message: "Not found; Better Auth is served under /api/auth" }));
});

server.listen(port, host, () => {
	console.log(`auth server: http://${host === "127.0.0.1" ? "localhost" : host}:${port}/api/auth`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
	process.on(signal, () => {
		server.close(() => process.exit(0));
		server.closeAllConnections();
	});
}
