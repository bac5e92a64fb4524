// http_errors_v1.json: Authorization header values -> extracted token or error response.
import { RFC, VectorFile } from "./common.mjs";

const T = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln";

const CODES = {
	TOKEN_MISSING: [401, null],
	AUTHORIZATION_MALFORMED: [400, "invalid_request"],
	AUTHORIZATION_REPEATED: [400, "invalid_request"],
};

export function buildHttpErrors() {
	const file = new VectorFile({
		schema: "http_errors_schema_v1.json",
		header: [
			"Authorization header parsing of better-auth-fastapi contract v1.",
			"Input: the list of Authorization header values of one request (a repeated header gives several).",
			"Output: the single token68 credential handed to the verifier, or the error response: status, code",
			"and the exact WWW-Authenticate value. Tokens here are opaque strings; verify_v1.json covers them.",
			"Whitespace trimmed around the value is SP and HTAB only; the scheme ends at the first SP.",
		],
		notes: {
			NoCredentials: {
				description:
					"No Authorization header, or a scheme other than Bearer: 401 with a challenge carrying no error attribute.",
				links: [RFC.bearer("3.1")],
			},
			RepeatedHeader: {
				description: "More than one Authorization header value: 400 invalid_request.",
				links: [RFC.http("5.3")],
			},
			SchemeCase: {
				description: "The auth-scheme is compared case-insensitively.",
				links: [RFC.http("11.1")],
			},
			OtherScheme: {
				description:
					"A scheme that is not exactly 'bearer' (Basic, Token, 'Bearertok', 'Bearer,tok', scheme glued to the token by a non-SP character) means no Bearer credentials.",
				links: [RFC.bearer("2.1")],
			},
			EmptyToken: {
				description: "The Bearer scheme with nothing after it: 400 invalid_request.",
				links: [RFC.bearer("3.1")],
			},
			NotToken68: {
				description:
					"After the Bearer scheme, anything but exactly one token68 (two tokens, commas, quotes, auth-params, non-ASCII, '=' not at the end): 400 invalid_request.",
				links: [RFC.bearer("2.1"), RFC.http("11.2")],
			},
			Token68: {
				description:
					"Every token68 character (ALPHA DIGIT - . _ ~ + /, then trailing '=') passes through unchanged; the verifier judges it.",
				links: [RFC.http("11.2")],
			},
			Whitespace: {
				description:
					"SP and HTAB around the value are trimmed; one or more SP separate scheme and token; other whitespace is not trimmed.",
				links: [RFC.http("5.5")],
			},
			Realm: {
				description: "The configured realm appears in every challenge.",
				links: [RFC.http("11.5")],
			},
		},
	});

	for (const realm of ["api", "example.com orders"]) {
		const add = file.group({ type: "BearerHeader", realm });
		const extra = realm === "api" ? [] : ["Realm"];
		const challenge = (error) =>
			error === null ? `Bearer realm="${realm}"` : `Bearer realm="${realm}", error="${error}"`;
		const ok = (comment, flags, authorization, token) =>
			add({ comment, authorization, result: "credentials", token, flags: [...flags, ...extra] });
		const err = (comment, flags, authorization, code) => {
			const [status, error] = CODES[code];
			add({
				comment,
				authorization,
				result: "error",
				status,
				code,
				wwwAuthenticate: challenge(error),
				flags: [...flags, ...extra],
			});
		};
		ok("acceptsBearerToken", ["Token68"], [`Bearer ${T}`], T);
		err("rejectsNoHeader", ["NoCredentials"], [], "TOKEN_MISSING");
		err(
			"rejectsRepeatedHeader",
			["RepeatedHeader"],
			[`Bearer ${T}`, `Bearer ${T}`],
			"AUTHORIZATION_REPEATED",
		);
		if (realm !== "api") continue;
		err(
			"rejectsRepeatedHeaderWithDifferentSchemes",
			["RepeatedHeader"],
			[`Bearer ${T}`, "Basic dXNlcjpwYXNz"],
			"AUTHORIZATION_REPEATED",
		);
		err("rejectsRepeatedEmptyHeaders", ["RepeatedHeader"], ["", ""], "AUTHORIZATION_REPEATED");
		err(
			"rejectsBasicScheme",
			["NoCredentials", "OtherScheme"],
			["Basic dXNlcjpwYXNz"],
			"TOKEN_MISSING",
		);
		err("rejectsTokenScheme", ["NoCredentials", "OtherScheme"], [`Token ${T}`], "TOKEN_MISSING");
		err("rejectsEmptyHeaderValue", ["NoCredentials"], [""], "TOKEN_MISSING");
		err("rejectsWhitespaceOnlyValue", ["NoCredentials", "Whitespace"], [" \t "], "TOKEN_MISSING");
		err(
			"rejectsSchemeGluedToToken",
			["NoCredentials", "OtherScheme"],
			[`Bearer${T}`],
			"TOKEN_MISSING",
		);
		err(
			"rejectsBearerWithComma",
			["NoCredentials", "OtherScheme"],
			[`Bearer,${T}`],
			"TOKEN_MISSING",
		);
		err(
			"rejectsTabBetweenSchemeAndToken",
			["NoCredentials", "OtherScheme", "Whitespace"],
			[`Bearer\t${T}`],
			"TOKEN_MISSING",
		);
		err(
			"rejectsNoBreakSpaceBetweenSchemeAndToken",
			["NoCredentials", "OtherScheme", "Whitespace"],
			[`Bearer\u00a0${T}`],
			"TOKEN_MISSING",
		);
		ok("acceptsLowerCaseScheme", ["SchemeCase"], [`bearer ${T}`], T);
		ok("acceptsUpperCaseScheme", ["SchemeCase"], [`BEARER ${T}`], T);
		ok("acceptsMixedCaseScheme", ["SchemeCase"], [`bEaReR ${T}`], T);
		err("rejectsBearerAlone", ["EmptyToken"], ["Bearer"], "AUTHORIZATION_MALFORMED");
		err(
			"rejectsBearerWithTrailingSpace",
			["EmptyToken", "Whitespace"],
			["Bearer "],
			"AUTHORIZATION_MALFORMED",
		);
		err(
			"rejectsBearerWithSpaces",
			["EmptyToken", "Whitespace"],
			["Bearer    "],
			"AUTHORIZATION_MALFORMED",
		);
		err("rejectsTwoTokens", ["NotToken68"], [`Bearer ${T} ${T}`], "AUTHORIZATION_MALFORMED");
		err(
			"rejectsCommaSeparatedTokens",
			["NotToken68"],
			[`Bearer ${T},${T}`],
			"AUTHORIZATION_MALFORMED",
		);
		err(
			"rejectsTabAfterSpace",
			["NotToken68", "Whitespace"],
			[`Bearer \t${T}`],
			"AUTHORIZATION_MALFORMED",
		);
		err("rejectsQuotedToken", ["NotToken68"], [`Bearer "${T}"`], "AUTHORIZATION_MALFORMED");
		err("rejectsAuthParams", ["NotToken68"], ['Bearer realm="api"'], "AUTHORIZATION_MALFORMED");
		err("rejectsEqualsInsideToken", ["NotToken68"], ["Bearer ab=cd"], "AUTHORIZATION_MALFORMED");
		err("rejectsOnlyEquals", ["NotToken68"], ["Bearer ="], "AUTHORIZATION_MALFORMED");
		err("rejectsNonAsciiToken", ["NotToken68"], ["Bearer tökén"], "AUTHORIZATION_MALFORMED");
		err(
			"rejectsVerticalTabNotTrimmed",
			["NotToken68", "Whitespace"],
			[`Bearer ${T}\u000b`],
			"AUTHORIZATION_MALFORMED",
		);
		err(
			"rejectsNoBreakSpaceNotTrimmed",
			["NotToken68", "Whitespace"],
			[`Bearer ${T}\u00a0`],
			"AUTHORIZATION_MALFORMED",
		);
		ok("acceptsSeveralSpacesAfterScheme", ["Whitespace"], [`Bearer    ${T}`], T);
		ok("acceptsSurroundingSpaces", ["Whitespace"], [`  Bearer ${T}  `], T);
		ok("acceptsSurroundingTabs", ["Whitespace"], [`\tBearer ${T}\t`], T);
		ok("acceptsTrailingEquals", ["Token68"], ["Bearer abc=="], "abc==");
		ok("acceptsEveryToken68Character", ["Token68"], ["Bearer aZ09-._~+/=="], "aZ09-._~+/==");
		ok("passesMalformedJwtThrough", ["Token68"], ["Bearer not-a-jwt"], "not-a-jwt");
	}
	// Added after the first release of v1 (tcIds continue).
	const add = file.group({ type: "BearerHeader", realm: "api" });
	add({
		comment: "rejectsEqualsBeforeToken",
		authorization: ["Bearer =abc"],
		result: "error",
		status: 400,
		code: "AUTHORIZATION_MALFORMED",
		wwwAuthenticate: 'Bearer realm="api", error="invalid_request"',
		flags: ["NotToken68"],
	});
	add({
		comment: "rejectsPercentEncodedSpace",
		authorization: ["Bearer%20abc"],
		result: "error",
		status: 401,
		code: "TOKEN_MISSING",
		wwwAuthenticate: 'Bearer realm="api"',
		flags: ["NoCredentials", "OtherScheme"],
	});
	add({
		comment: "passesDotsOnlyTokenThrough",
		authorization: ["Bearer ..."],
		result: "credentials",
		token: "...",
		flags: ["Token68"],
	});
	return file.toJSON();
}
