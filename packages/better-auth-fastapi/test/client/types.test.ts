// Type-level checks (run by `tsc --noEmit`, which covers test/; vitest only runs the assertions):
// the plugin's actions are typed on the real Better Auth clients, vanilla and React, and both fit
// createApiFetch and useApiFetch.
import { createAuthClient as createVanillaClient } from "better-auth/client";
import { createAuthClient as createReactClient } from "better-auth/react";
import { describe, expectTypeOf, test } from "vitest";
import {
	type ApiFetch,
	type ApiToken,
	type ApiTokenErrorCode,
	apiTokenClient,
	createApiFetch,
} from "../../src/client/index.js";
import type { ApiTokenAuth, ServerApiFetchOptions } from "../../src/client/next.js";
import { type UseApiFetchOptions, useApiFetch } from "../../src/client/react.js";
import type { AccessTokenErrorCode } from "../../src/core/codes.js";
import type { ApiTokenResponse } from "../../src/server/index.js";

describe("client types", () => {
	test("authClient.apiToken is typed on the vanilla and the React client", () => {
		for (const authClient of [
			createVanillaClient({ plugins: [apiTokenClient()] }),
			createReactClient({ plugins: [apiTokenClient()] }),
		]) {
			expectTypeOf(authClient.apiToken.get).returns.resolves.toEqualTypeOf<ApiToken>();
			expectTypeOf(authClient.apiToken.clear).toEqualTypeOf<() => void>();
			expectTypeOf(createApiFetch({ baseURL: "/", authClient })).toEqualTypeOf<ApiFetch>();
			expectTypeOf({ baseURL: "/", authClient }).toMatchTypeOf<UseApiFetchOptions>();
		}
	});

	test("apiFetch keeps the fetch signature; the hook returns it", () => {
		expectTypeOf<ApiFetch>().parameters.toEqualTypeOf<
			[input: string | URL | Request, init?: RequestInit]
		>();
		expectTypeOf<ApiFetch>().returns.toEqualTypeOf<Promise<Response>>();
		expectTypeOf(useApiFetch).returns.toEqualTypeOf<ApiFetch>();
		expectTypeOf<ApiTokenErrorCode>().toMatchTypeOf<string>();
	});

	test("the token endpoint's 403 codes are contract codes an ApiAuthError switch can name", () => {
		expectTypeOf<"USER_BANNED" | "CROSS_SITE_REQUEST">().toMatchTypeOf<AccessTokenErrorCode>();
		expectTypeOf<"NOT_A_CODE">().not.toMatchTypeOf<AccessTokenErrorCode>();
	});

	test("the Next.js helper takes the server's own response type and next/headers' function", () => {
		expectTypeOf<ReturnType<ApiTokenAuth["api"]["getApiToken"]>>().toEqualTypeOf<
			Promise<ApiTokenResponse>
		>();
		expectTypeOf<() => Promise<Headers>>().toMatchTypeOf<ServerApiFetchOptions["headers"]>();
	});
});
