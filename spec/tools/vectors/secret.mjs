// secret_hygiene_v1.json: which BETTER_AUTH_SECRET values are refused at start-up, and why.
// The expected reasons are written by hand and cross-checked here against a reference
// implementation of the rules, so a slip in either is caught when generating.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { VectorFile } from "./common.mjs";
import { SECRET_A, SECRET_B } from "./secrets.mjs";

// The placeholder list is contract data (spec/secret_rules.json); the rest of the rules are
// re-implemented below so that the hand-written reasons are checked against them.
const PUBLISHED = JSON.parse(
	readFileSync(new URL("../../secret_rules.json", import.meta.url), "utf8"),
).publishedDefaults;

/** Reference implementation of the hygiene rules (BRIEF order). */
export function hygieneReason(secret) {
	if (secret === null || secret === "") return "missing";
	if (/\uFFFD/.test(secret) || !secret.isWellFormed()) return "invalidUtf8";
	if (Buffer.byteLength(secret, "utf8") < 32) return "tooShort";
	const lower = secret.toLowerCase();
	if (PUBLISHED.some((p) => lower.includes(p))) return "publishedDefault";
	const cps = [...secret].map((c) => c.codePointAt(0));
	const counts = new Map();
	for (const c of cps) counts.set(c, (counts.get(c) ?? 0) + 1);
	if (counts.size < 8) return "lowEntropy";
	let h = 0;
	for (const k of counts.values()) h -= (k / cps.length) * Math.log2(k / cps.length);
	if (h < 3.0) return "lowEntropy";
	let close = 0;
	for (let i = 0; i + 1 < cps.length; i++) if (Math.abs(cps[i + 1] - cps[i]) <= 1) close++;
	if (close * 2 > cps.length - 1) return "lowEntropy";
	return null;
}

const hex32 = createHash("sha256")
	.update("better-auth-fastapi vectors v1: hex secret")
	.digest("hex");

const CASES = [
	["acceptsBase64Secret", SECRET_A, null, ["Valid"]],
	["acceptsAnotherBase64Secret", SECRET_B, null, ["Valid"]],
	["acceptsHexSecret", hex32, null, ["Valid"]],
	["acceptsNonAsciiSecret", "Zoë山田🎉kPq7-Wx2!Rm9@Lt4#Nb8$Hc", null, ["Valid", "NonAscii"]],
	["acceptsCjkSecret", "鍵東海道新幹線大阪城富士山桜花火祭猫", null, ["Valid", "NonAscii"]],
	["acceptsExactly32Bytes", "pX7#kQ2!vM9@rT4$wZ8%nB3^hJ6&cL1*", null, ["Valid", "Boundary"]],
	["acceptsPassphrase", "correct horse battery staple orbit vivid quantum", null, ["Valid"]],
	["rejectsNullSecret", null, "missing", ["Missing"]],
	["rejectsEmptySecret", "", "missing", ["Missing"]],
	["rejectsShortSecret", "hunter2", "tooShort", ["TooShort"]],
	["rejects31Bytes", "pX7#kQ2!vM9@rT4$wZ8%nB3^hJ6&cL1", "tooShort", ["TooShort", "Boundary"]],
	["rejectsShortNonAsciiByBytes", "é".repeat(15), "tooShort", ["TooShort", "NonAscii", "Boundary"]],
	["rejectsShortPublishedDefaultAsTooShort", "changeme", "tooShort", ["TooShort", "Order"]],
	[
		"rejectsBetterAuthDocsDefault",
		"better-auth-secret-12345678901234567890",
		"publishedDefault",
		["PublishedDefault"],
	],
	[
		"rejectsChangeme",
		"Xk9#changeme#Qp2Lq8vW4mZ7tR1yB6nD",
		"publishedDefault",
		["PublishedDefault"],
	],
	[
		"rejectsChangeMeHyphen",
		"Xk9#CHANGE-ME#Qp2Lq8vW4mZ7tR1yB6nD",
		"publishedDefault",
		["PublishedDefault", "CaseInsensitive"],
	],
	[
		"rejectsChangeMeUnderscore",
		"Xk9#change_me#Qp2Lq8vW4mZ7tR1yB6nD",
		"publishedDefault",
		["PublishedDefault"],
	],
	[
		"rejectsYourSecretHyphen",
		"your-secret-Qp2Lq8vW4mZ7tR1yB6nDk9",
		"publishedDefault",
		["PublishedDefault"],
	],
	[
		"rejectsYourSecretUnderscore",
		"Your_Secret_Qp2Lq8vW4mZ7tR1yB6nDk9",
		"publishedDefault",
		["PublishedDefault", "CaseInsensitive"],
	],
	[
		"rejectsReplaceMeHyphen",
		"Qp2Lq8vW4mZ7tR1yB6nDk9-replace-me",
		"publishedDefault",
		["PublishedDefault"],
	],
	[
		"rejectsReplaceMeUnderscore",
		"Qp2Lq8vW4mZ7tR1yB6nDk9_REPLACE_ME",
		"publishedDefault",
		["PublishedDefault", "CaseInsensitive"],
	],
	[
		"rejectsSecretKeyHere",
		"<secret-key-here>Qp2Lq8vW4mZ7tR1yB6n",
		"publishedDefault",
		["PublishedDefault"],
	],
	[
		"rejectsRepeatedDefaultBeforeEntropy",
		"changemechangemechangemechangeme",
		"publishedDefault",
		["PublishedDefault", "Order"],
	],
	["rejectsOneRepeatedCharacter", "a".repeat(48), "lowEntropy", ["LowEntropy"]],
	["rejectsSevenDistinctCharacters", "abcdefg".repeat(6), "lowEntropy", ["LowEntropy"]],
	["rejectsLowShannonEntropy", `${"ac".repeat(30)}egikmoqs`, "lowEntropy", ["LowEntropy"]],
	["rejectsAlphabetRun", "abcdefghijklmnopqrstuvwxyz0123456789", "lowEntropy", ["LowEntropy"]],
	["rejectsDigitRun", "0123456789012345678901234567890123456789", "lowEntropy", ["LowEntropy"]],
	["rejectsKeyboardSequence", "1234567890abcdefghijklmnop!@#$%^&*", "lowEntropy", ["LowEntropy"]],
	["rejectsSpaces", " ".repeat(40), "lowEntropy", ["LowEntropy"]],
	[
		"rejectsCjkRun",
		"一丁丂七丄丅丆万丈三上下丌不与丏丐丑",
		"lowEntropy",
		["LowEntropy", "NonAscii"],
	],
	// Appended (issue 7): a value that is not UTF-8 text. Python reads the bytes 0x80..0x9F of an
	// environment variable as the lone surrogates U+DC80..U+DC9F; Node reads them as U+FFFD. Both
	// would derive the key from U+FFFD bytes (a constant), so both refuse, before the length rule.
	[
		"rejectsNonUtf8BytesAsLoneSurrogates",
		Array.from({ length: 32 }, (_, i) => String.fromCharCode(0xdc80 + i)).join(""),
		"invalidUtf8",
		["NotUtf8", "Order"],
	],
	["rejectsReplacementCharacter", `${SECRET_A}\uFFFD`, "invalidUtf8", ["NotUtf8"]],
	["rejectsOneLoneSurrogate", `${SECRET_B}\uD800`, "invalidUtf8", ["NotUtf8"]],
	["rejectsShortNonUtf8AsInvalidUtf8", "\uDCFF\uDCFE", "invalidUtf8", ["NotUtf8", "Order"]],
];

export function buildSecretHygiene() {
	const file = new VectorFile({
		schema: "secret_hygiene_schema_v1.json",
		header: [
			"Secret hygiene of better-auth-fastapi contract v1: both sides refuse to start with these secrets.",
			"Rules, checked in order, the first failing one giving the reason: missing (absent or empty);",
			"tooShort (fewer than 32 bytes of UTF-8); publishedDefault (contains, case-insensitively, one of",
			`${PUBLISHED.map((p) => `"${p}"`).join(", ")});`,
			"lowEntropy (fewer than 8 distinct code points, or Shannon entropy over code points below 3.0 bits,",
			"or more than half of the n-1 adjacent code-point pairs differing by at most 1).",
			"A null secret stands for an unset variable (undefined / None).",
			"Checked right after missing (#32-#35): invalidUtf8, the secret holds U+FFFD or a lone surrogate",
			"(what Node and Python make of bytes that are not UTF-8), so it is not the text it was meant to be.",
		],
		notes: {
			Valid: { description: "A secret that must be accepted." },
			Missing: { description: "Unset or empty: reason missing." },
			TooShort: {
				description: "Fewer than 32 bytes of UTF-8 (bytes, not characters): reason tooShort.",
			},
			PublishedDefault: {
				description:
					"Contains a published placeholder, case-insensitively: reason publishedDefault.",
			},
			LowEntropy: {
				description:
					"Fewer than 8 distinct code points, Shannon entropy < 3.0 bits per code point, or mostly sequential/repeated code points: reason lowEntropy.",
			},
			NonAscii: {
				description: "Counted in UTF-8 bytes and Unicode code points, not UTF-16 units.",
			},
			Boundary: { description: "At the 32-byte limit." },
			CaseInsensitive: { description: "The placeholder appears in another case." },
			Order: { description: "Several rules fail; the first in order gives the reason." },
			NotUtf8: {
				description:
					"Holds U+FFFD or a lone surrogate (bytes that were not UTF-8, as Node and Python decode them): reason invalidUtf8.",
			},
		},
	});
	const add = file.group({ type: "SecretHygiene" });
	for (const [comment, secret, reason, flags] of CASES) {
		const actual = hygieneReason(secret);
		if (actual !== reason) throw new Error(`${comment}: expected ${reason}, rules say ${actual}`);
		add(
			reason === null
				? { comment, secret, result: "valid", flags }
				: { comment, secret, result: "invalid", reason, flags },
		);
	}
	return file.toJSON();
}
