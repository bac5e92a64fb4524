/**
 * The shapes of the conformance catalogue: a case (what to send, what must come back, why it
 * matters) and its outcome.
 *
 * @module
 * @internal
 */
import type { BearerError } from "../../core/codes.js";

/** MUST cases fail the run; SHOULD cases only with `--strict`. */
export type Level = "MUST" | "SHOULD";

/** What a case sends to the target. */
export interface CaseRequest {
	/** The route: `--url`, or `--admin-url` for role cases. */
	route: "url" | "admin";
	/** Authorization header values, one per header line; none: no header. */
	authorization: string[];
	/** Query parameters added to the URL. */
	query?: Record<string, string> | undefined;
	/** A Cookie header. */
	cookie?: string | undefined;
}

/** What must come back: a 2xx, or an RFC 6750 error with the contract's code. */
export type Expectation =
	| { accept: true; sub?: string | undefined }
	| { accept: false; status: 400 | 401 | 403; error: BearerError | null; code: string };

/** Why a case matters. */
export interface Why {
	description: string;
	links: string[];
}

/** One case of the catalogue. */
export interface ConformanceCase {
	/** `verify_v1#12`, `http_errors_v1#3` (the vectors' tcIds) or `cli#4` (the CLI's own). */
	id: string;
	/** camelCase, as in the vectors, e.g. `rejectsAlgNone`. */
	comment: string;
	level: Level;
	flags: string[];
	/** What was sent, for people (decoded header and claims; never a secret). */
	sent: string;
	request: CaseRequest;
	expect: Expectation;
	why: Why[];
	/** Built with a clock shifted ahead: send before `sendBy` (seconds) or not at all. */
	sendBy?: number | undefined;
}

/** A case the catalogue holds but this run cannot send, and why. */
export interface NotApplicable {
	id: string;
	comment: string;
	reason: string;
}

/** What came back. */
export interface Answer {
	status: number;
	wwwAuthenticate: string | null;
	body: string;
}

/** The outcome of one case. */
export interface CaseOutcome {
	id: string;
	comment: string;
	level: Level;
	passed: boolean;
	sent: string;
	expected: string;
	got: string;
	problems: string[];
	why: Why[];
}
