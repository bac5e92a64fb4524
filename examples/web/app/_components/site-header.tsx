import Link from "next/link";
import { SignOutButton } from "./sign-out-button";

/** The top bar: the app's name, and either the signed-in pages or the sign-in links. */
export function SiteHeader({ email }: { email: string | null }) {
	return (
		<header className="site-header">
			<Link href={email ? "/dashboard" : "/"} className="brand">
				better-auth-fastapi <span>example</span>
			</Link>
			{email ? (
				<nav aria-label="Signed-in pages">
					<Link href="/dashboard">Dashboard</Link>
					<Link href="/server">Server</Link>
					<Link href="/admin">Admin</Link>
					<span className="who">{email}</span>
					<SignOutButton />
				</nav>
			) : (
				<nav aria-label="Account">
					<Link href="/sign-in">Sign in</Link>
					<Link href="/sign-up">Sign up</Link>
				</nav>
			)}
		</header>
	);
}
