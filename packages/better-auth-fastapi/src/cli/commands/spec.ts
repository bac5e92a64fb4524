/**
 * `better-auth-fastapi spec`: prints the contract tailored to one configuration (flags, else the
 * environment): the five sections with its values, the environment of both sides and snippets
 * for the Better Auth config, the client and the FastAPI app. `--format md|json`.
 *
 * @module
 */
import { Command } from "commander";
import { deriveKeyBytes, type KeyMode, keyId } from "../../core/key.js";
import type { Palette } from "../colour.js";
import {
	ACCEPTED_TYP,
	ALGORITHMS,
	CHECKLIST,
	CLAIMS,
	type ClaimRow,
	type CodeRow,
	codeRows,
	DEFAULTS,
	FORBIDDEN_HEADER_PARAMS,
	HEADER,
} from "../contract-data.js";
import { integerOption, keyModeOf, urlOption } from "../env.js";
import { UsageError } from "../errors.js";
import { execute } from "../output.js";
import { specMarkdown } from "../spec-markdown.js";
import { snippets } from "../spec-snippets.js";

/** Flags of `spec`, as commander gives them. */
export interface SpecOptions {
	issuer?: string | undefined;
	audience?: string | undefined;
	lifetimeSeconds?: string | undefined;
	keyMode?: string | undefined;
	leewaySeconds?: string | undefined;
	apiOrigin?: string | undefined;
	webOrigin?: string | undefined;
	rolesSource?: string | undefined;
	format?: string | undefined;
}

/** The tailored contract. */
export interface SpecResult {
	contractVersion: 1;
	configuration: {
		issuer: string;
		audience: string;
		lifetimeSeconds: number;
		keyMode: KeyMode;
		leewaySeconds: number;
		apiOrigin: string;
		webOrigin: string;
		rolesSource: "admin-plugin" | "custom";
	};
	warnings: string[];
	tokenEndpoint: string;
	header: { alg: string; typ: string; kid: string };
	acceptedTyp: readonly string[];
	algorithms: readonly string[];
	forbiddenHeaderParams: readonly string[];
	key: { mode: KeyMode; hkdfInfo: string | null; description: string };
	claims: (ClaimRow & { value?: string | undefined })[];
	checklist: { check: string; codes: string[] }[];
	codes: CodeRow[];
	verifier: {
		leewaySeconds: number;
		maxLifetimeSeconds: number;
		maxTokenBytes: number;
		realm: string;
	};
	security: string[];
	environment: {
		shared: { name: string; value: string }[];
		frontend: { name: string; value: string }[];
	};
	snippets: { betterAuth: string; client: string; fastapi: string };
}

const isLocal = (u: URL) =>
	["localhost", "127.0.0.1", "[::1]"].includes(u.hostname) || u.hostname.endsWith(".localhost");
/** The placeholder secret the shown kid is computed from (never a real one). */
const PLACEHOLDER_SECRET = "<your BETTER_AUTH_SECRET>";

/** Builds the tailored contract. */
export async function runSpec(options: SpecOptions = {}): Promise<SpecResult> {
	const issuerUrl = urlOption(
		options.issuer ?? process.env.BETTER_AUTH_URL ?? "http://localhost:3000",
		"--issuer",
	);
	const issuer = issuerUrl.href.replace(/\/+$/, "");
	const audience = options.audience ?? (process.env.BETTER_AUTH_AUDIENCE || issuer);
	const keyMode = keyModeOf(options.keyMode);
	const [minLife, maxLife] = DEFAULTS.lifetimeBounds;
	const lifetimeSeconds = integerOption(
		options.lifetimeSeconds,
		"--lifetime-seconds",
		minLife,
		maxLife,
		DEFAULTS.lifetimeSeconds,
	);
	const leewaySeconds = integerOption(
		options.leewaySeconds ?? process.env.BETTER_AUTH_LEEWAY_SECONDS,
		"--leeway-seconds",
		0,
		300,
		DEFAULTS.leewaySeconds,
	);
	const apiOrigin = urlOption(options.apiOrigin ?? "http://localhost:8000", "--api-origin").origin;
	const webOrigin = urlOption(options.webOrigin ?? issuerUrl.origin, "--web-origin").origin;
	const rolesSource = options.rolesSource ?? "admin-plugin";
	if (rolesSource !== "admin-plugin" && rolesSource !== "custom")
		throw new UsageError('--roles-source must be "admin-plugin" or "custom".');
	const warnings: string[] = [];
	if (issuerUrl.pathname !== "/")
		warnings.push(
			`The issuer ${issuer} has a path: use Better Auth's origin (without /api/auth); iss is compared exactly.`,
		);
	for (const [name, u] of [
		["issuer", issuerUrl],
		["API", new URL(apiOrigin)],
	] as const) {
		if (u.protocol !== "https:" && !isLocal(u))
			warnings.push(
				`The ${name} ${u.origin} is not HTTPS: bearer tokens and cookies must not cross the network in clear text.`,
			);
	}
	if (keyMode === "raw")
		warnings.push(
			"raw key mode: the key is the secret itself; Better Auth's own HS256 tokens and ours can validate each other. Prefer derived.",
		);
	const kid = await keyId(await deriveKeyBytes(PLACEHOLDER_SECRET, keyMode));
	const values: Record<string, string> = {
		iss: `\`${issuer}\``,
		aud: `\`${audience}\``,
		exp: `iat + ${lifetimeSeconds}`,
		roles:
			rolesSource === "admin-plugin"
				? "the user's `role` (admin plugin), split on commas"
				: "your `roles` function's answer",
	};
	const apiTokenArgs = [
		...(lifetimeSeconds === DEFAULTS.lifetimeSeconds
			? []
			: [`lifetimeSeconds: ${lifetimeSeconds}`]),
		...(rolesSource === "custom"
			? ['roles: async ({ user }) => (user.role === "admin" ? ["admin"] : [])']
			: []),
	];
	const shared = [
		{ name: "BETTER_AUTH_SECRET", value: "<paste the output of `npx better-auth-fastapi secret`>" },
		{ name: "BETTER_AUTH_URL", value: issuer },
		...(audience === issuer ? [] : [{ name: "BETTER_AUTH_AUDIENCE", value: audience }]),
		...(keyMode === "derived" ? [] : [{ name: "BETTER_AUTH_KEY_MODE", value: keyMode }]),
		...(leewaySeconds === DEFAULTS.leewaySeconds
			? []
			: [{ name: "BETTER_AUTH_LEEWAY_SECONDS", value: String(leewaySeconds) }]),
	];
	return {
		contractVersion: 1,
		configuration: {
			issuer,
			audience,
			lifetimeSeconds,
			keyMode,
			leewaySeconds,
			apiOrigin,
			webOrigin,
			rolesSource,
		},
		warnings,
		tokenEndpoint: `${issuer}/api/auth/api-token`,
		header: { ...HEADER, kid },
		acceptedTyp: ACCEPTED_TYP,
		algorithms: ALGORITHMS,
		forbiddenHeaderParams: FORBIDDEN_HEADER_PARAMS,
		key: {
			mode: keyMode,
			hkdfInfo: keyMode === "derived" ? DEFAULTS.keyInfo : null,
			description:
				keyMode === "derived"
					? `HKDF-SHA256(IKM = UTF-8(BETTER_AUTH_SECRET), salt = "" (empty), info = "${DEFAULTS.keyInfo}", L = 32 bytes); kid = first 16 characters of base64url(SHA-256(key)).`
					: "UTF-8(BETTER_AUTH_SECRET) itself (compatibility mode); kid = first 16 characters of base64url(SHA-256(key)).",
		},
		claims: CLAIMS.map((r) => ({ ...r, value: values[r.claim] })),
		checklist: CHECKLIST.map(([check, codes]) => ({ check, codes })),
		codes: codeRows(),
		verifier: {
			leewaySeconds,
			maxLifetimeSeconds: DEFAULTS.maxLifetimeSeconds,
			maxTokenBytes: DEFAULTS.maxTokenBytes,
			realm: DEFAULTS.realm,
		},
		security: [
			keyMode === "derived"
				? "The key is derived (HKDF), so tokens of this API are useless at Better Auth's own endpoints (its /verify-email accepts any HS256 token signed with the raw secret) and Better Auth's tokens are useless here (RFC 8725 §3.12)."
				: "raw mode: keep the plugin's guard on, which stops Better Auth from accepting these tokens at its own endpoints (contract §5.2).",
			`A token cannot be revoked: a sign-out, ban or role change reaches the API within ${lifetimeSeconds + leewaySeconds} s (lifetime + leeway).`,
			`CORS on the API: allow the origin ${webOrigin}, the Authorization header in, WWW-Authenticate exposed; never "*" with credentials.`,
			"HTTPS everywhere outside localhost; tokens never in URLs, logs or cookies.",
			`Clock skew between the machines must stay under ${leewaySeconds} s (doctor measures it).`,
			"The secret is at least 32 bytes, random, never a published placeholder; both sides refuse to start otherwise.",
		],
		environment: {
			shared,
			frontend: [
				{ name: "NEXT_PUBLIC_BETTER_AUTH_URL", value: issuer },
				{ name: "NEXT_PUBLIC_API_URL", value: apiOrigin },
			],
		},
		snippets: snippets({
			issuer,
			apiOrigin,
			webOrigin,
			apiTokenArgs,
			fromEnvironment: shared.slice(2).map((e) => e.name),
		}),
	};
}

/** The `spec` command. */
export const specCommand = new Command("spec")
	.description(
		"print the contract tailored to one configuration (flags, else the environment), with both sides' environment and snippets",
	)
	.option(
		"--issuer <URL>",
		"Better Auth's origin, the iss (default: BETTER_AUTH_URL, else http://localhost:3000)",
	)
	.option("--audience <AUD>", "the aud (default: BETTER_AUTH_AUDIENCE, else the issuer)")
	.option("--lifetime-seconds <N>", "token lifetime, 30 to 3600 (default 900)")
	.option("--key-mode <MODE>", "derived or raw (default: BETTER_AUTH_KEY_MODE, else derived)")
	.option(
		"--leeway-seconds <N>",
		"clock skew tolerated, 0 to 300 (default: BETTER_AUTH_LEEWAY_SECONDS, else 30)",
	)
	.option("--api-origin <URL>", "where the FastAPI API runs (default http://localhost:8000)")
	.option("--web-origin <URL>", "the front end's origin, for CORS (default: the issuer's origin)")
	.option(
		"--roles-source <SOURCE>",
		"admin-plugin (the user's role field) or custom (a roles function)",
		"admin-plugin",
	)
	.option("--format <FORMAT>", "md or json", "md")
	.option("--json", "the same as --format json")
	.action(async (opts: SpecOptions & { json?: boolean }) => {
		if (opts.format !== "md" && opts.format !== "json") {
			await execute(
				opts.json,
				() => Promise.reject(new UsageError('--format must be "md" or "json".')),
				{ text: () => "", exitCode: () => 0 },
			);
			return;
		}
		await execute(opts.json === true || opts.format === "json", () => runSpec(opts), {
			text: (r: SpecResult, _p: Palette) => specMarkdown(r),
			exitCode: () => 0,
		});
	});
