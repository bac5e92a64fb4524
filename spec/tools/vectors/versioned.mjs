// secrets_v1.json: which keys a configuration of BETTER_AUTH_SECRETS (Better Auth's versioned
// secrets), BETTER_AUTH_SECRET and BETTER_AUTH_PREVIOUS_SECRETS gives, in order (the first signs),
// or which start-up error (setting and reason). The expected outcomes are written by hand and
// cross-checked against the reference below, itself a transcription of Better Auth 1.7.25's
// parseSecretsEnv and validateSecretsArray (dist/context/secret-utils.mjs) plus contract 2.7.
import { deriveKey, kidOf, VectorFile } from "./common.mjs";
import { hygieneReason } from "./secret.mjs";
import { SECRET_A, SECRET_B, SECRET_C } from "./secrets.mjs";

const A = SECRET_A;
const B = SECRET_B;
const C = SECRET_C;
const VAR = "BETTER_AUTH_SECRETS";
const SINGLE = "BETTER_AUTH_SECRET";
const PREVIOUS = "BETTER_AUTH_PREVIOUS_SECRETS";

class Refused extends Error {
	constructor(setting, reason) {
		super(`${setting}: ${reason}`);
		this.setting = setting;
		this.reason = reason;
	}
}

/** Better Auth's parseSecretsEnv, then validateSecretsArray (with JavaScript's parseInt/trim). */
function parseVersioned(value) {
	const entries = value.split(",").map((raw, i) => {
		const entry = raw.trim();
		const colon = entry.indexOf(":");
		if (colon === -1) throw new Refused(`${VAR}[${i}]`, "entryFormat");
		const version = Number.parseInt(entry.slice(0, colon), 10);
		if (!Number.isInteger(version) || version < 0)
			throw new Refused(`${VAR}[${i}]`, "versionInvalid");
		const secret = entry.slice(colon + 1).trim();
		if (!secret) throw new Refused(`${VAR}[${i}]`, "valueEmpty");
		return { version, value: secret };
	});
	const seen = new Set();
	entries.forEach((s, i) => {
		const version = Number.parseInt(String(s.version), 10);
		if (String(version) !== String(s.version).trim()) {
			throw new Refused(`${VAR}[${i}]`, "versionInvalid");
		}
		if (seen.has(version)) throw new Refused(`${VAR}[${i}]`, "versionDuplicate");
		seen.add(version);
	});
	return entries;
}

/** Contract 2.7: the configured secrets, signing one first; or a Refused. */
export function configuredSecrets(env) {
	const versionedVar = env[VAR] ? env[VAR] : undefined; // "" is unset, as in Better Auth
	const single = env[SINGLE] ? env[SINGLE] : undefined;
	const previous = (env[PREVIOUS] ?? "")
		.split(",")
		.map((s) => s.trim())
		.filter((s) => s !== "");
	const found = [];
	if (versionedVar !== undefined) {
		const entries = parseVersioned(versionedVar);
		if (previous.length > 0) throw new Refused(PREVIOUS, "conflict");
		for (const [i, s] of entries.entries()) found.push({ value: s.value, setting: `${VAR}[${i}]` });
		if (single !== undefined) found.push({ value: single, setting: SINGLE });
	} else {
		found.push({ value: single ?? null, setting: SINGLE });
		for (const [i, s] of previous.entries()) found.push({ value: s, setting: `${PREVIOUS}[${i}]` });
	}
	for (const s of found) {
		const reason = hygieneReason(s.value);
		if (reason !== null) throw new Refused(s.setting, reason);
	}
	const seen = new Set();
	return found.filter((s) => !seen.has(s.value) && seen.add(s.value));
}

const v = (value) => ({ [VAR]: value });
const keys = (...pairs) => pairs; // [secret, setting] pairs, the signing one first
const at = (i) => `${VAR}[${i}]`;
const ok = (comment, env, expected, flags) => ({ comment, env, expected, flags });
const bad = (comment, env, setting, reason, flags) => ({ comment, env, setting, reason, flags });

const COLON_SECRET = `${A.slice(0, 22)}:${B.slice(0, 22)}`;
const SHORT = "hunter2-is-short";
const PLACEHOLDER = "Xk9#changeme#Qp2Lq8vW4mZ7tR1yB6nD";
const LOW = "abcdefghijklmnopqrstuvwxyz0123456789";

const DERIVED = [
	ok("acceptsOneEntry", v(`1:${A}`), keys([A, at(0)]), ["Valid"]),
	ok("acceptsFirstEntryAsCurrent", v(`2:${B},1:${A}`), keys([B, at(0)], [A, at(1)]), ["Valid"]),
	ok("acceptsThreeEntries", v(`3:${C},2:${B},1:${A}`), keys([C, at(0)], [B, at(1)], [A, at(2)]), [
		"Valid",
	]),
	ok("acceptsLowerVersionFirst", v(`1:${B},7:${A}`), keys([B, at(0)], [A, at(1)]), [
		"Valid",
		"Order",
	]),
	ok("acceptsVersionZero", v(`0:${A}`), keys([A, at(0)]), ["Valid", "Version"]),
	ok("acceptsBlanksAroundEntries", v(`  2:${B} ,\t1:${A}  `), keys([B, at(0)], [A, at(1)]), [
		"Valid",
		"Whitespace",
	]),
	ok("acceptsBlanksAroundValue", v(`2:  ${B}\t,1:\n${A}\r\n`), keys([B, at(0)], [A, at(1)]), [
		"Valid",
		"Whitespace",
	]),
	ok(
		"trimsJavaScriptWhitespace",
		v(`\u00a02:${B}\u3000,\ufeff1:\u2028${A}\u205f`),
		keys([B, at(0)], [A, at(1)]),
		["Valid", "Whitespace", "JavaScriptTrim"],
	),
	ok("keepsNextLineInValue", v(`1:${A}\u0085`), keys([`${A}\u0085`, at(0)]), [
		"Valid",
		"Whitespace",
		"JavaScriptTrim",
	]),
	ok("keepsFileSeparatorInValue", v(`1:\u001c${A}`), keys([`\u001c${A}`, at(0)]), [
		"Valid",
		"Whitespace",
		"JavaScriptTrim",
	]),
	ok("splitsAtFirstColon", v(`1:${COLON_SECRET}`), keys([COLON_SECRET, at(0)]), ["Valid"]),
	ok("acceptsLeadingZeros", v(`007:${A}`), keys([A, at(0)]), ["Valid", "Version", "ParseInt"]),
	ok("acceptsPlusSign", v(`+2:${B},1:${A}`), keys([B, at(0)], [A, at(1)]), [
		"Valid",
		"Version",
		"ParseInt",
	]),
	ok("acceptsNegativeZero", v(`-0:${A}`), keys([A, at(0)]), ["Valid", "Version", "ParseInt"]),
	ok(
		"readsDigitPrefixOfVersion",
		v(`2abc:${B},1.9:${A},3 :${C}`),
		keys([B, at(0)], [A, at(1)], [C, at(2)]),
		["Valid", "Version", "ParseInt"],
	),
	ok("readsHexPrefixAsZero", v(`0x10:${A}`), keys([A, at(0)]), ["Valid", "Version", "ParseInt"]),
	ok("acceptsVersionBelow1e21", v(`100000000000000000000:${A}`), keys([A, at(0)]), [
		"Valid",
		"Version",
		"LargeVersion",
	]),
	ok("keepsRepeatedValueOnce", v(`2:${A},1:${A}`), keys([A, at(0)]), ["Valid", "RepeatedValue"]),
	bad("rejectsEntryWithoutColon", v(A), at(0), "entryFormat", ["EntryFormat"]),
	bad("rejectsLaterEntryWithoutColon", v(`2:${B},${A}`), at(1), "entryFormat", ["EntryFormat"]),
	bad("rejectsTrailingComma", v(`2:${B},`), at(1), "entryFormat", ["EntryFormat"]),
	bad("rejectsEmptyEntry", v(`2:${B},,1:${A}`), at(1), "entryFormat", ["EntryFormat"]),
	bad("rejectsBlankVariable", v("   "), at(0), "entryFormat", ["EntryFormat", "Whitespace"]),
	bad("rejectsMissingVersion", v(`:${A}`), at(0), "versionInvalid", ["VersionInvalid"]),
	bad("rejectsNegativeVersion", v(`-1:${A}`), at(0), "versionInvalid", ["VersionInvalid"]),
	bad("rejectsLetterVersion", v(`v2:${A}`), at(0), "versionInvalid", ["VersionInvalid"]),
	bad("rejectsArabicIndicDigit", v(`\u0661:${A}`), at(0), "versionInvalid", [
		"VersionInvalid",
		"ParseInt",
	]),
	bad("rejectsFullwidthDigit", v(`\uff12:${A}`), at(0), "versionInvalid", [
		"VersionInvalid",
		"ParseInt",
	]),
	bad(
		"rejectsVersionOverflowingToInfinity",
		v(`${"9".repeat(400)}:${A}`),
		at(0),
		"versionInvalid",
		["VersionInvalid", "LargeVersion"],
	),
	bad("rejectsVersion1e21", v(`2:${B},1000000000000000000000:${A}`), at(1), "versionInvalid", [
		"VersionInvalid",
		"LargeVersion",
	]),
	bad("rejectsVersionRoundingTo1e21", v(`999999999999999999999:${A}`), at(0), "versionInvalid", [
		"VersionInvalid",
		"LargeVersion",
	]),
	bad("rejectsEmptyValue", v("1:"), at(0), "valueEmpty", ["ValueEmpty"]),
	bad("rejectsBlankValue", v(`2:${B},1: \t `), at(1), "valueEmpty", ["ValueEmpty", "Whitespace"]),
	bad("rejectsDuplicateVersion", v(`1:${A},1:${B}`), at(1), "versionDuplicate", ["Duplicate"]),
	bad("rejectsDuplicateAfterLeadingZeros", v(`7:${A},007:${B}`), at(1), "versionDuplicate", [
		"Duplicate",
		"ParseInt",
	]),
	bad(
		"rejectsDuplicateAfterRounding",
		v(`9007199254740993:${A},9007199254740992:${B}`),
		at(1),
		"versionDuplicate",
		["Duplicate", "LargeVersion"],
	),
	bad("rejectsDuplicateOfNegativeZero", v(`0:${A},-0:${B}`), at(1), "versionDuplicate", [
		"Duplicate",
		"ParseInt",
	]),
	bad(
		"parsesEveryEntryBeforeValidating",
		v(`1000000000000000000000:${A},${B}`),
		at(1),
		"entryFormat",
		["EntryFormat", "Order"],
	),
	bad("parsesEveryEntryBeforeDuplicates", v(`1:${A},1:${B},${C}`), at(2), "entryFormat", [
		"EntryFormat",
		"Order",
	]),
	bad("rejectsShortEntry", v(`2:${SHORT},1:${A}`), at(0), "tooShort", ["Hygiene"]),
	bad("rejectsPlaceholderEntry", v(`2:${B},1:${PLACEHOLDER}`), at(1), "publishedDefault", [
		"Hygiene",
	]),
	bad("rejectsLowEntropyEntry", v(`3:${C},2:${B},1:${LOW}`), at(2), "lowEntropy", ["Hygiene"]),
	bad("checksFormatBeforeHygiene", v(`1:${SHORT},1:${A}`), at(1), "versionDuplicate", [
		"Duplicate",
		"Hygiene",
		"Order",
	]),
	ok(
		"verifiesLegacySecretAfterEntries",
		{ [VAR]: `2:${B},1:${A}`, [SINGLE]: C },
		keys([B, at(0)], [A, at(1)], [C, SINGLE]),
		["Valid", "Precedence"],
	),
	ok(
		"keepsLegacySecretEqualToEntryOnce",
		{ [VAR]: `2:${B},1:${A}`, [SINGLE]: A },
		keys([B, at(0)], [A, at(1)]),
		["Valid", "Precedence", "RepeatedValue"],
	),
	bad(
		"checksLegacySecretHygiene",
		{ [VAR]: `2:${B},1:${A}`, [SINGLE]: SHORT },
		SINGLE,
		"tooShort",
		["Precedence", "Hygiene"],
	),
	bad(
		"checksLegacySecretAfterEntries",
		{ [VAR]: `2:${B},1:${LOW}`, [SINGLE]: SHORT },
		at(1),
		"lowEntropy",
		["Precedence", "Hygiene", "Order"],
	),
	bad(
		"rejectsPreviousSecretsBesideVersioned",
		{ [VAR]: `2:${B},1:${A}`, [PREVIOUS]: C },
		PREVIOUS,
		"conflict",
		["Precedence", "Conflict"],
	),
	bad("checksConflictBeforeHygiene", { [VAR]: `1:${SHORT}`, [PREVIOUS]: C }, PREVIOUS, "conflict", [
		"Precedence",
		"Conflict",
		"Order",
	]),
	bad("checksFormatBeforeConflict", { [VAR]: `2:${B},${A}`, [PREVIOUS]: C }, at(1), "entryFormat", [
		"Precedence",
		"Conflict",
		"Order",
		"EntryFormat",
	]),
	ok(
		"ignoresBlankPreviousSecretsBesideVersioned",
		{ [VAR]: `1:${A}`, [PREVIOUS]: " , " },
		keys([A, at(0)]),
		["Valid", "Precedence"],
	),
	ok(
		"treatsEmptyVariableAsUnset",
		{ [VAR]: "", [SINGLE]: A, [PREVIOUS]: B },
		keys([A, SINGLE], [B, `${PREVIOUS}[0]`]),
		["Valid", "Precedence"],
	),
	bad("rejectsEmptyVariableAlone", { [VAR]: "" }, SINGLE, "missing", ["Precedence"]),
	bad("rejectsNothingSet", {}, SINGLE, "missing", ["Precedence"]),
	ok(
		"keepsVersion1Configuration",
		{ [SINGLE]: A, [PREVIOUS]: `${B}, ${C}` },
		keys([A, SINGLE], [B, `${PREVIOUS}[0]`], [C, `${PREVIOUS}[1]`]),
		["Valid", "Precedence"],
	),
	ok(
		"keepsPreviousSecretEqualToCurrentOnce",
		{ [SINGLE]: A, [PREVIOUS]: `${A},${B}` },
		keys([A, SINGLE], [B, `${PREVIOUS}[1]`]),
		["Valid", "Precedence", "RepeatedValue"],
	),
];

const RAW = [
	ok("rawKeysOfEntries", v(`2:${B},1:${A}`), keys([B, at(0)], [A, at(1)]), ["Valid", "RawMode"]),
	ok("rawKeyOfLegacySecret", { [VAR]: `1:${A}`, [SINGLE]: C }, keys([A, at(0)], [C, SINGLE]), [
		"Valid",
		"RawMode",
		"Precedence",
	]),
];

const NOTES = {
	Valid: {
		description: "A configuration that must be accepted, giving exactly these keys in this order.",
	},
	Order: { description: "Several rules could apply; the first in order decides (contract 2.7)." },
	Version: { description: "An unusual but valid version." },
	ParseInt: {
		description:
			"Versions are read like JavaScript's parseInt(text, 10): an optional sign, then the longest run of ASCII digits; what follows is ignored; no digit at all is invalid.",
	},
	LargeVersion: {
		description:
			"Versions are IEEE 754 doubles as in JavaScript: Infinity is invalid, a version that prints in exponent form (>= 1e21) is invalid, and versions that round to the same double are duplicates.",
	},
	Whitespace: { description: "Blanks around entries and around secrets are trimmed." },
	JavaScriptTrim: {
		description:
			"Trimming removes exactly JavaScript's String.prototype.trim set (WhiteSpace and LineTerminator: tab, VT, FF, space, U+00A0, U+FEFF, Zs, LF, CR, U+2028, U+2029), not Python's str.strip set (which also removes U+001C-U+001F and U+0085 but not U+FEFF).",
	},
	RepeatedValue: { description: "The same secret twice gives its key once, at its first place." },
	EntryFormat: {
		description: "An entry without ':' (an empty entry included): reason entryFormat.",
	},
	VersionInvalid: {
		description: "The version is not a non-negative integer: reason versionInvalid.",
	},
	ValueEmpty: { description: "The secret after ':' is empty once trimmed: reason valueEmpty." },
	Duplicate: {
		description: "Two entries have the same version: reason versionDuplicate, at the later one.",
	},
	Hygiene: {
		description:
			"Every secret that signs or verifies passes the hygiene rules of secret_hygiene_v1, named by its place.",
	},
	Precedence: {
		description:
			"BETTER_AUTH_SECRETS (when non-empty) gives the keys; BETTER_AUTH_SECRET beside it only verifies, after its entries; without it, version 1 rules.",
	},
	Conflict: {
		description:
			"BETTER_AUTH_PREVIOUS_SECRETS beside BETTER_AUTH_SECRETS is refused: reason conflict.",
	},
	RawMode: { description: "raw key mode: the kids are those of the secrets' UTF-8 bytes." },
};

export function buildVersionedSecrets() {
	const file = new VectorFile({
		schema: "secrets_schema_v1.json",
		header: [
			"Versioned secrets of better-auth-fastapi contract v1 (section 2.7): BETTER_AUTH_SECRETS as Better Auth",
			"1.7.25 parses it (parseSecretsEnv, then validateSecretsArray), beside BETTER_AUTH_SECRET and",
			"BETTER_AUTH_PREVIOUS_SECRETS. `env` holds the variables that are set (absent: unset). A valid case lists",
			"the keys in order, the first signing, each with the setting it came from; an invalid case gives the",
			"start-up error's setting (entries are indexed from 0) and reason. Checked in order: Better Auth's",
			"parsing of every entry, its validation of every entry, the conflict with BETTER_AUTH_PREVIOUS_SECRETS,",
			"then the hygiene of every secret in key order.",
		],
		notes: NOTES,
	});
	for (const [keyMode, list] of [
		["derived", DERIVED],
		["raw", RAW],
	]) {
		const add = file.group({ type: "SecretsConfig", keyMode });
		for (const c of list) {
			let actual;
			try {
				actual = configuredSecrets(c.env).map((s) => [s.value, s.setting]);
			} catch (error) {
				if (!(error instanceof Refused)) throw error;
				actual = { setting: error.setting, reason: error.reason };
			}
			const expected = c.expected ?? { setting: c.setting, reason: c.reason };
			if (JSON.stringify(actual) !== JSON.stringify(expected)) {
				throw new Error(
					`${c.comment}: expected ${JSON.stringify(expected)}, rules say ${JSON.stringify(actual)}`,
				);
			}
			add(
				c.expected
					? {
							comment: c.comment,
							env: c.env,
							result: "valid",
							keys: c.expected.map(([secret, setting]) => ({
								kid: kidOf(deriveKey(secret, keyMode)),
								setting,
							})),
							flags: c.flags,
						}
					: {
							comment: c.comment,
							env: c.env,
							result: "invalid",
							setting: c.setting,
							reason: c.reason,
							flags: c.flags,
						},
			);
		}
	}
	return file.toJSON();
}
