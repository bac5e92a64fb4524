import Link from "next/link";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/session";

export default async function Home() {
	if ((await currentSession()) !== null) redirect("/dashboard");
	return (
		<section className="card narrow">
			<h1>Better Auth + FastAPI</h1>
			<p>
				This app signs you in with Better Auth, then calls a FastAPI API with a short-lived access
				token that the API verifies offline.
			</p>
			<p className="actions">
				<Link className="button" href="/sign-up">
					Sign up
				</Link>
				<Link className="button secondary" href="/sign-in">
					Sign in
				</Link>
			</p>
		</section>
	);
}
