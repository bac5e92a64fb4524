// The raw-mode guard covers the Better Auth endpoints that verify an HS256 JWT with the raw
// secret. This pins the reviewed list of every JWT verification call site in the installed
// better-auth and @better-auth/* builds: when an upgrade adds, moves or removes one, this test
// fails until someone has read the new site and updated RAW_SECRET_TOKEN_PATHS (src/server/guard.ts)
// and contract 5.2 if needed.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { RAW_SECRET_TOKEN_PATHS } from "../../src/server/guard.js";

// The workspace root's node_modules, where npm installs better-auth and @better-auth/*.
const modules = fileURLToPath(new URL("../../../../node_modules/", import.meta.url));
const betterAuth = join(modules, "better-auth");

/** Each reviewed call site: file (relative to node_modules) -> [calls, why it is or is not guarded]. */
const REVIEWED: Record<string, [number, string]> = {
	"better-auth/dist/api/routes/email-verification.mjs": [
		1,
		"GET /verify-email: jwtVerify(token, UTF-8(ctx.context.secret), HS256): guarded",
	],
	"better-auth/dist/crypto/jwt.mjs": [
		2,
		"the verifyJWT helper (definition + jwtVerify with UTF-8(secret)); used only by cookies/index.mjs",
	],
	"better-auth/dist/cookies/index.mjs": [
		2,
		"cookie cache, strategy jwt: verifyJWT with the raw secret, but the payload must hold session, user and updatedAt matching the signed session cookie (contract 5.2); raw mode refuses session/user custom claims (validate.ts)",
	],
	"better-auth/dist/cookies/jwt.mjs": [1, "cookie cache with a JWKS public key (asymmetric)"],
	"better-auth/dist/plugins/jwt/verify.mjs": [
		2,
		"jwt plugin's own verifyJWT: its JWKS keys (asymmetric)",
	],
	"better-auth/dist/plugins/jwt/index.mjs": [1, "jwt plugin's server-only verify endpoint: JWKS"],
	"better-auth/dist/plugins/jwt/cookie-cache.mjs": [1, "jwt plugin cookie cache: public key"],
	"@better-auth/core/dist/social-providers/google.mjs": [1, "Google ID token: Google's JWKS"],
	"@better-auth/core/dist/oauth2/dpop.mjs": [1, "DPoP proof: the proof's public JWK"],
	"@better-auth/core/dist/oauth2/verify-id-token.mjs": [1, "ID token: provider JWKS"],
	"@better-auth/core/dist/oauth2/verify.mjs": [1, "access token: local JWKS"],
};

function* mjsFiles(dir: string): Generator<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* mjsFiles(path);
		else if (entry.name.endsWith(".mjs")) yield path;
	}
}

test("Better Auth 1.7.25: every JWT verification call site is reviewed; /verify-email is the one to guard", () => {
	const pkg = JSON.parse(readFileSync(join(betterAuth, "package.json"), "utf8")) as {
		version: string;
	};
	expect(pkg.version).toBe("1.7.25");
	const roots = [join(betterAuth, "dist")];
	for (const name of readdirSync(join(modules, "@better-auth"))) {
		roots.push(join(modules, "@better-auth", name, "dist"));
	}
	const found: Record<string, number> = {};
	for (const root of roots) {
		let files: string[];
		try {
			files = [...mjsFiles(root)];
		} catch {
			continue; // a package without dist/
		}
		for (const file of files) {
			const calls = readFileSync(file, "utf8").match(/\b(?:jwtVerify|verifyJWT)\(/g);
			// Definitions count too ("function verifyJWT("), so a renamed helper shows up here.
			if (calls) found[relative(modules, file)] = calls.length;
		}
	}
	const expected = Object.fromEntries(Object.entries(REVIEWED).map(([f, [n]]) => [f, n]));
	expect(found).toEqual(expected);
	expect([...RAW_SECRET_TOKEN_PATHS]).toEqual(["/verify-email"]);
});
