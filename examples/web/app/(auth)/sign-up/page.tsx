import Link from "next/link";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/session";
import { SignUpForm } from "./_components/sign-up-form";

export default async function SignUpPage() {
	if ((await currentSession()) !== null) redirect("/dashboard");
	return (
		<section className="card narrow">
			<h1>Sign up</h1>
			<SignUpForm />
			<p className="hint">
				Already have an account? <Link href="/sign-in">Sign in</Link>
			</p>
		</section>
	);
}
