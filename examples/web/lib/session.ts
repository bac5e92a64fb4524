import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "./auth";

/** The Better Auth session of the incoming request, or `null`. */
export async function currentSession() {
	return getAuth().api.getSession({ headers: await headers() });
}

/** The session, or a redirect to /sign-in for a signed-in page. */
export async function requireSession() {
	const session = await currentSession();
	if (session === null) redirect("/sign-in");
	return session;
}
