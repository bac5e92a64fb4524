// key_derivation_v1.json: secret -> key bytes (hex) -> kid, in derived and raw mode.
import { deriveKey, KEY_INFO, kidOf, RFC, VectorFile } from "./common.mjs";
import { SECRET_A, SECRET_B, SECRET_C } from "./secrets.mjs";

const SECRETS = [
	["derivesFromBase64Secret", SECRET_A, ["Base64Secret"]],
	["derivesFromSecondBase64Secret", SECRET_B, ["Base64Secret"]],
	["derivesFromThirdBase64Secret", SECRET_C, ["Base64Secret"]],
	[
		"derivesFromHexSecret",
		"3f9a1c07e25d48b6a0c4f1e83b7d29c5e6a0b1f4d8c27e39a5b06c1d7f2e8a49",
		["HexSecret"],
	],
	["derivesFromPrintableAsciiSecret", "K#9v!qT2^mZ&x7Lr@4Wb$8Nc*1Hd%6Pf", ["AsciiSecret"]],
	["derivesFromSecretWithLatinAccents", "clé-secrète-très-longue-pour-l'été-2026", ["NonAscii"]],
	["derivesFromSecretWithEmoji", "🔑🚀🌍 rocket-keys 🎉🦊🐙 2026 ✨", ["NonAscii"]],
	["derivesFromCjkSecret", "秘密鍵を決して共有しないでください東京大阪", ["NonAscii"]],
	[
		"derivesFromPrecomposedE",
		"café-au-lait-secret-é-ABCDEFGHIJ-0123",
		["NonAscii", "Normalization"],
	],
	[
		"derivesFromDecomposedE",
		"cafe\u0301-au-lait-secret-e\u0301-ABCDEFGHIJ-0123",
		["NonAscii", "Normalization"],
	],
	[
		"derivesFromSecretWithSpacesAndTabs",
		" leading and\ttrailing whitespace kept \n",
		["AsciiSecret"],
	],
	["derivesFromShortSecret", "x", ["AsciiSecret"]],
];

export function buildKeyDerivation() {
	const file = new VectorFile({
		schema: "key_derivation_schema_v1.json",
		header: [
			"Key derivation of better-auth-fastapi contract v1.",
			`derived: key = HKDF-SHA256(IKM = UTF-8(secret), salt = empty, info = "${KEY_INFO}", L = 32).`,
			"raw: key = UTF-8(secret), as a plain HS256 library call with the secret expects.",
			"kid = the first 16 characters of base64url-without-padding(SHA-256(key bytes)).",
			"Secrets are used exactly as given: no trimming, no Unicode normalization. These vectors do not",
			"apply secret hygiene (see secret_hygiene_v1.json); some secrets here would be refused at start-up.",
		],
		notes: {
			Base64Secret: { description: "A secret as `openssl rand -base64 32` prints it." },
			HexSecret: { description: "A secret as `openssl rand -hex 32` prints it." },
			AsciiSecret: { description: "A printable ASCII secret; whitespace is part of the secret." },
			NonAscii: {
				description: "A secret with non-ASCII characters: the IKM is its UTF-8 encoding.",
				links: [RFC.hkdf("2.2")],
			},
			Normalization: {
				description:
					"Precomposed and decomposed forms of the same text are different secrets (no NFC/NFD normalization).",
			},
		},
	});
	for (const mode of ["derived", "raw"]) {
		const add = file.group({ type: "KeyDerivation", keyMode: mode });
		for (const [comment, secret, flags] of SECRETS) {
			const key = deriveKey(secret, mode);
			add({ comment, secret, keyHex: key.toString("hex"), kid: kidOf(key), flags });
		}
	}
	return file.toJSON();
}
