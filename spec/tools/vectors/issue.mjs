// issue_v1.json: deterministic signing. token = b64u(UTF-8(compact JSON header)) + "." +
// b64u(UTF-8(compact JSON payload)) + "." + b64u(HMAC-SHA256(key, ASCII of the first two)).
import { deriveKey, jws, kidOf, VectorFile } from "./common.mjs";
import { AUDIENCE, ISSUER, JTI, NOW, SECRET_A, SUB } from "./secrets.mjs";

const payload = (over = {}, omit = []) => {
	const base = {
		sub: SUB,
		email: "ada@example.com",
		email_verified: true,
		name: "Ada Lovelace",
		roles: ["user"],
		iat: NOW,
		exp: NOW + 900,
		iss: ISSUER,
		aud: AUDIENCE,
		jti: JTI,
	};
	const out = {};
	for (const [k, v] of Object.entries(base))
		if (!omit.includes(k)) out[k] = k in over ? over[k] : v;
	for (const [k, v] of Object.entries(over)) if (!(k in base)) out[k] = v;
	return out;
};

export function buildIssue() {
	const file = new VectorFile({
		schema: "issue_schema_v1.json",
		header: [
			"Deterministic signing of better-auth-fastapi contract v1.",
			"token = base64url(UTF-8(JSON(header))) '.' base64url(UTF-8(JSON(payload))) '.' base64url(HMAC-SHA256(key, ASCII(first two)))",
			"JSON is compact, members in the given order, non-ASCII written as is (JavaScript JSON.stringify;",
			'Python json.dumps(x, separators=(",", ":"), ensure_ascii=False)). The key comes from the group\'s',
			"secret and keyMode (key_derivation_v1.json). Header and payload are what the server plugin issues.",
		],
		notes: {
			Standard: { description: "The claims the plugin issues for a typical user." },
			NoName: { description: "A user without a name: the name claim is omitted." },
			NonAscii: { description: "Non-ASCII text is encoded as UTF-8, not escaped." },
			Escaping: {
				description: "Quotes, backslashes and control characters use JSON's short escapes.",
			},
			CustomClaim: {
				description:
					"Custom claims (options.claims) come after the reserved ones, which they cannot override.",
			},
			Roles: { description: "Several roles, or none: roles is always an array." },
			RawMode: { description: "keyMode raw: the key is the UTF-8 of the secret." },
		},
	});
	for (const mode of ["derived", "raw"]) {
		const key = deriveKey(SECRET_A, mode);
		const header = { alg: "HS256", typ: "at+jwt", kid: kidOf(key) };
		const add = file.group({ type: "AccessTokenSign", secret: SECRET_A, keyMode: mode });
		const t = (comment, flags, p) =>
			add({ comment, header, payload: p, token: jws(header, p, key), flags });
		const raw = mode === "raw" ? ["RawMode"] : [];
		t("signsStandardClaims", ["Standard", ...raw], payload());
		if (mode === "raw") continue;
		t("signsWithoutName", ["NoName"], payload({}, ["name"]));
		t(
			"signsNonAsciiName",
			["NonAscii"],
			payload({ name: "Zoë 山田 🎉", email: "zoë@bücher.example" }),
		);
		t("signsEscapedCharacters", ["Escaping"], payload({ name: 'Ada "Countess" \\ Lovelace\n\t' }));
		t("signsSeveralRoles", ["Roles"], payload({ roles: ["admin", "billing", "user"] }));
		t("signsNoRoles", ["Roles"], payload({ roles: [] }));
		t(
			"signsCustomClaims",
			["CustomClaim"],
			payload({ org_id: "org_7Hk2", plan: "team", seats: 12, features: ["sso", "audit"] }),
		);
	}
	return file.toJSON();
}
