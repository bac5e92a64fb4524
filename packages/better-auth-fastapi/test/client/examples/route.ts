// app/api/me/route.ts: a Next.js route handler calling the API as the signed-in user.
import { ApiAuthError, createServerApiFetch } from "../../../src/client/next.js";
import { auth } from "./auth.js";

export async function GET(request: Request): Promise<Response> {
	const apiFetch = createServerApiFetch({
		auth,
		headers: request.headers,
		baseURL: process.env.API_URL ?? "http://localhost:8000",
	});
	try {
		const response = await apiFetch("/api/me");
		return Response.json(await response.json());
	} catch (error) {
		if (error instanceof ApiAuthError) {
			return Response.json({ code: error.code }, { status: error.status });
		}
		throw error;
	}
}
