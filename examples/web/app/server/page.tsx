// A server component calling the API as the signed-in user: the token comes from Better Auth in
// this process (auth.api), with no HTTP call back to ourselves and no cookie forwarding.
import { ApiAuthError, createServerApiFetch } from "better-auth-fastapi/next";
import { headers } from "next/headers";
import { apiUrl } from "@/lib/api-url";
import { getAuth } from "@/lib/auth";
import { describeFailure } from "@/lib/errors";
import { requireSession } from "@/lib/session";

interface Me {
	id: string;
	email: string;
	roles: string[];
}

interface Todo {
	id: number;
	title: string;
	done: boolean;
}

async function load() {
	const apiFetch = createServerApiFetch({
		auth: getAuth(),
		headers: await headers(),
		baseURL: apiUrl(),
	});
	try {
		const [me, todos] = await Promise.all([
			apiFetch("/api/me").then((r) => r.json() as Promise<Me>),
			apiFetch("/api/todos").then((r) => r.json() as Promise<Todo[]>),
		]);
		return { me, todos, problem: null };
	} catch (error) {
		if (error instanceof ApiAuthError || error instanceof TypeError) {
			return { me: null, todos: [], problem: describeFailure(error) };
		}
		throw error;
	}
}

export default async function ServerPage() {
	await requireSession();
	const { me, todos, problem } = await load();
	return (
		<>
			<h1>Rendered on the server</h1>
			<p className="lead">
				This page was rendered by a Next.js server component, which called the FastAPI API with{" "}
				<code>better-auth-fastapi/next</code>. The browser made no API call.
			</p>
			{problem && (
				<p role="alert" className="error">
					{problem}
				</p>
			)}
			{me && (
				<section className="card" aria-labelledby="me-heading">
					<h2 id="me-heading">The API sees you as</h2>
					<dl aria-label="The API's view of you">
						<dt>id</dt>
						<dd>{me.id}</dd>
						<dt>email</dt>
						<dd>{me.email}</dd>
						<dt>roles</dt>
						<dd>{me.roles.join(", ")}</dd>
					</dl>
					<h2>Your to-do items ({todos.length})</h2>
					<ul className="todos plain" aria-label="To-do items from the server">
						{todos.map((todo) => (
							<li key={todo.id} className={todo.done ? "done" : undefined}>
								{todo.done ? "✓ " : ""}
								{todo.title}
							</li>
						))}
					</ul>
				</section>
			)}
		</>
	);
}
