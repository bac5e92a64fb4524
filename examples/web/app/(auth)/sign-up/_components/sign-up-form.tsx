"use client";
import { type FormEvent, useState } from "react";
import { useHydrated } from "@/app/_components/use-hydrated";
import { authClient } from "@/lib/auth-client";

export function SignUpForm() {
	const hydrated = useHydrated();
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<string | null>(null);

	async function onSubmit(event: FormEvent<HTMLFormElement>) {
		event.preventDefault();
		const form = new FormData(event.currentTarget);
		setBusy(true);
		setError(null);
		const { error } = await authClient.signUp.email({
			name: String(form.get("name")),
			email: String(form.get("email")),
			password: String(form.get("password")),
		});
		if (error) {
			setError(error.message ?? "Sign-up failed.");
			setBusy(false);
			return;
		}
		window.location.assign("/dashboard");
	}

	return (
		<form method="post" onSubmit={onSubmit}>
			<fieldset disabled={!hydrated || busy}>
				<label htmlFor="name">Name</label>
				<input id="name" name="name" autoComplete="name" required />
				<label htmlFor="email">Email</label>
				<input id="email" name="email" type="email" autoComplete="email" required />
				<label htmlFor="password">Password</label>
				<input
					id="password"
					name="password"
					type="password"
					autoComplete="new-password"
					minLength={8}
					required
					aria-describedby="password-hint"
				/>
				<p id="password-hint" className="hint">
					At least 8 characters.
				</p>
				{error && (
					<p role="alert" className="error">
						{error}
					</p>
				)}
				<button type="submit">Sign up</button>
			</fieldset>
		</form>
	);
}
