import Link from "next/link";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/session";
import { SignInForm } from "./_components/sign-in-form";

export default async function SignInPage() {
	if ((await currentSession()) !== null) redirect("/dashboard");
	return (
		<section className="card narrow">
			<h1>Sign in</h1>
			<SignInForm />
			<p className="hint">
				No account yet? <Link href="/sign-up">Sign up</Link>
			</p>
		</section>
	);
}
