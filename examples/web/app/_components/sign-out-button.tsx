"use client";
import { useState } from "react";
import { authClient } from "@/lib/auth-client";
import { useHydrated } from "./use-hydrated";

/** Signs out (the client plugin drops the access token, in every tab) and goes to sign-in. */
export function SignOutButton() {
	const hydrated = useHydrated();
	const [busy, setBusy] = useState(false);
	return (
		<button
			type="button"
			className="secondary"
			disabled={!hydrated || busy}
			onClick={async () => {
				setBusy(true);
				await authClient.signOut();
				window.location.assign("/sign-in");
			}}
		>
			Sign out
		</button>
	);
}
