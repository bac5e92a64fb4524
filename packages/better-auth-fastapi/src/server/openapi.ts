/**
 * OpenAPI description of `GET /api-token` (Better Auth's `openAPI()` plugin shows it).
 *
 * @module
 */

/** The endpoint's `metadata.openapi`. */
export const API_TOKEN_OPENAPI = {
	operationId: "getApiToken",
	description: "Issue a short-lived HS256 access token for the signed-in user",
	responses: {
		"200": {
			description: "The access token; Cache-Control: no-store",
			content: {
				"application/json": {
					schema: {
						type: "object" as const,
						properties: {
							token: { type: "string" as const },
							tokenType: { type: "string" as const, enum: ["Bearer"] },
							expiresAt: { type: "string" as const, format: "date-time" },
						},
						required: ["token", "tokenType", "expiresAt"],
					},
				},
			},
		},
		"401": { description: "No valid Better Auth session" },
		"403": {
			description:
				"No token for this caller: the user is banned (USER_BANNED), or a browser asked for another site (CROSS_SITE_REQUEST)",
		},
		"429": { description: "Rate limited" },
	},
};
