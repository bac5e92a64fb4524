"use client";
// The access token the page is using, decoded in the browser: its claims and how long it has
// left. Decoding needs no key; only the servers hold BETTER_AUTH_SECRET.
import { base64urlDecode } from "better-auth-fastapi";
import { useEffect, useState } from "react";
import { apiActivity, authClient } from "@/lib/auth-client";
import { describeFailure } from "@/lib/errors";

interface Decoded {
	token: string;
	header: Record<string, unknown>;
	claims: Record<string, unknown>;
	expiresAt: number;
}

function decodePart(part: string): Record<string, unknown> {
	const bytes = base64urlDecode(part);
	if (bytes === null) return {};
	return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function decode(token: string, expiresAt: Date): Decoded {
	const [header = "", payload = ""] = token.split(".");
	return {
		token,
		header: decodePart(header),
		claims: decodePart(payload),
		expiresAt: expiresAt.getTime(),
	};
}

const time = (seconds: unknown) =>
	typeof seconds === "number" ? new Date(seconds * 1000).toLocaleTimeString("en-GB") : "?";

export function TokenPanel() {
	const [decoded, setDecoded] = useState<Decoded | null>(null);
	const [problem, setProblem] = useState<string | null>(null);
	const [now, setNow] = useState(() => Date.now());

	useEffect(() => {
		let alive = true;
		// The token in use after each API call (the cached one, or the one just refreshed).
		const show = () => {
			authClient.apiToken.get().then(
				({ token, expiresAt }) => {
					if (!alive) return;
					setProblem(null);
					setDecoded((old) => (old?.token === token ? old : decode(token, expiresAt)));
				},
				(error: unknown) => {
					if (!alive) return;
					setDecoded(null);
					setProblem(describeFailure(error));
				},
			);
		};
		show();
		apiActivity.addEventListener("call", show);
		const tick = setInterval(() => setNow(Date.now()), 1000);
		return () => {
			alive = false;
			apiActivity.removeEventListener("call", show);
			clearInterval(tick);
		};
	}, []);

	const left = decoded ? Math.max(0, Math.round((decoded.expiresAt - now) / 1000)) : 0;
	const claims = decoded?.claims ?? {};
	const roles = Array.isArray(claims.roles) ? claims.roles.join(", ") : "";

	return (
		<section className="card token" aria-labelledby="token-heading">
			<h2 id="token-heading">Access token</h2>
			{problem && <p className="error">{problem}</p>}
			{decoded && (
				<>
					<p className="time-left">
						<span>Time left</span> <output aria-label="Time left">{left} s</output>
					</p>
					<dl aria-label="Token claims">
						<dt>sub</dt>
						<dd>{String(claims.sub)}</dd>
						<dt>email</dt>
						<dd>{String(claims.email)}</dd>
						<dt>roles</dt>
						<dd>{roles || "(none)"}</dd>
						<dt>iss</dt>
						<dd>{String(claims.iss)}</dd>
						<dt>aud</dt>
						<dd>{String(claims.aud)}</dd>
						<dt>iat</dt>
						<dd>{time(claims.iat)}</dd>
						<dt>exp</dt>
						<dd>{time(claims.exp)}</dd>
						<dt>kid</dt>
						<dd>{String(decoded.header.kid)}</dd>
					</dl>
					<p className="hint">
						{left === 0
							? "Expired: the next API call fetches a new one."
							: "Decoded in this browser. It is refreshed shortly before it expires, on the next API call."}
					</p>
				</>
			)}
		</section>
	);
}
