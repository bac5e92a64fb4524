"use client";
import { ApiAuthError } from "better-auth-fastapi/client";
import { useEffect, useState } from "react";
import { useApi } from "@/app/_components/api-provider";
import { describeFailure } from "@/lib/errors";

type State =
	| { kind: "loading" }
	| { kind: "allowed"; message: string }
	| { kind: "forbidden" }
	| { kind: "error"; message: string };

export function AdminData({ email }: { email: string }) {
	const apiFetch = useApi();
	const [state, setState] = useState<State>({ kind: "loading" });

	useEffect(() => {
		apiFetch("/api/admin")
			.then((r) => r.json() as Promise<{ message: string }>)
			.then(
				({ message }) => setState({ kind: "allowed", message }),
				(error: unknown) =>
					setState(
						error instanceof ApiAuthError && error.status === 403
							? { kind: "forbidden" }
							: { kind: "error", message: describeFailure(error) },
					),
			);
	}, [apiFetch]);

	if (state.kind === "loading") return <p className="muted">Asking the API…</p>;
	if (state.kind === "allowed") {
		return (
			<section className="card" aria-labelledby="admin-heading">
				<h2 id="admin-heading">Admin data</h2>
				<p>{state.message}</p>
			</section>
		);
	}
	if (state.kind === "forbidden") {
		return (
			<section className="card" aria-labelledby="admin-heading">
				<h2 id="admin-heading">Not allowed</h2>
				<p role="alert" className="error">
					Not allowed: you are signed in, but your account does not have the admin role (the API
					answered 403 ROLE_MISSING).
				</p>
				<p className="hint">
					To make this account an admin, run <code>npm run make-admin -- {email}</code>, then reload
					this page.
				</p>
			</section>
		);
	}
	return (
		<p role="alert" className="error">
			{state.message}
		</p>
	);
}
