/**
 * A thin React binding: `useApiFetch()` returns an `apiFetch` that stays the same across renders
 * (safe in effect and callback dependency lists), backed by the auth client's token manager, so
 * every component shares one token. Imported as `better-auth-fastapi/react`; `react` is an
 * optional peer dependency.
 *
 * @module
 */
import { useMemo } from "react";
import { type ApiFetch, type ApiTokenClientLike, createApiFetch } from "./fetch.js";

/** Options of {@link useApiFetch}. */
export interface UseApiFetchOptions {
	/** The API's base URL. */
	baseURL: string;
	/** `createAuthClient({ plugins: [apiTokenClient()] })`, created once at module level. */
	authClient: ApiTokenClientLike;
	/** The `fetch` to send requests with. @default globalThis.fetch */
	fetch?: typeof fetch | undefined;
}

/**
 * `apiFetch` for client components. Its identity changes only when `baseURL`, `authClient` or
 * `fetch` do. Errors are the same as `createApiFetch`'s: catch `ApiAuthError` and look at
 * `status` (401: signed out, 403: not allowed).
 *
 * @example
 * ```ts
 * const apiFetch = useApiFetch({ baseURL: process.env.NEXT_PUBLIC_API_URL!, authClient });
 * const onDelete = useCallback((id: number) => apiFetch(`/api/todos/${id}`, { method: "DELETE" }), [apiFetch]);
 * ```
 */
export function useApiFetch(options: UseApiFetchOptions): ApiFetch {
	const { baseURL, authClient, fetch } = options;
	return useMemo(
		() => createApiFetch({ baseURL, authClient, fetch }),
		[baseURL, authClient, fetch],
	);
}
