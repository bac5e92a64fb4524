import { requireSession } from "@/lib/session";
import { TodoList } from "./todo-list";
import { TokenPanel } from "./token-panel";

export default async function DashboardPage() {
	const { user } = await requireSession();
	return (
		<>
			<h1>Dashboard</h1>
			<p className="lead">
				Signed in as <strong>{user.name}</strong> ({user.email}). Your to-do items live in the
				FastAPI API; this page calls it from the browser with an access token.
			</p>
			<div className="columns">
				<TodoList userId={user.id} />
				<TokenPanel />
			</div>
		</>
	);
}
