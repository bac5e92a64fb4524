import { ApiAuthError, ApiTokenError } from "better-auth-fastapi/client";

/** What to tell a person when an API call failed. */
export function describeFailure(error: unknown): string {
	if (error instanceof ApiAuthError) {
		if (error.status === 401) return "You are signed out. Sign in again to use the API.";
		if (error.status === 403) return `Not allowed: the API answered 403 (${error.code}).`;
		return `The API refused the request (${error.status} ${error.code}).`;
	}
	if (error instanceof ApiTokenError) return `No access token: ${error.message}`;
	if (error instanceof TypeError) return "The API is not reachable. Is it running?";
	return error instanceof Error ? error.message : "Something went wrong.";
}

/** Whether the failure means nobody is signed in any more. */
export function isSignedOut(error: unknown): boolean {
	return error instanceof ApiAuthError && error.status === 401;
}
