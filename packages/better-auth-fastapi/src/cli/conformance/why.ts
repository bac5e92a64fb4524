/**
 * Why each kind of case matters: the vector notes (description and RFC links) of its flags, and
 * the public advisories behind some of them.
 *
 * @module
 * @internal
 */
import type { Why } from "./types.js";

/** Advisories and write-ups behind some flags (the vector notes carry the RFC sections). */
export const ADVISORIES: Record<string, string[]> = {
	AlgNone: ["https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/"],
	AlgConfusion: [
		"https://nvd.nist.gov/vuln/detail/CVE-2015-9235",
		"https://nvd.nist.gov/vuln/detail/CVE-2022-29217",
	],
	KeyFromHeader: ["https://nvd.nist.gov/vuln/detail/CVE-2018-0114"],
	PsychicSignature: ["https://nvd.nist.gov/vuln/detail/CVE-2022-21449"],
	BetterAuthTokenReplay: ["https://www.rfc-editor.org/rfc/rfc8725#section-3.12"],
	RawKeyConfusion: ["https://www.rfc-editor.org/rfc/rfc8725#section-3.12"],
};

/** The notes of a case's flags, advisories appended. */
export function whyOf(
	flags: readonly string[],
	notes: Record<string, { description: string; links?: string[] | undefined }>,
): Why[] {
	return flags.map((flag) => {
		const note = notes[flag];
		const links = [...(note?.links ?? []), ...(ADVISORIES[flag] ?? [])];
		return {
			description: `${flag}: ${note?.description ?? "(no note)"}`,
			links: [...new Set(links)],
		};
	});
}
