import { requireSession } from "@/lib/session";
import { AdminData } from "./admin-data";

export default async function AdminPage() {
	const { user } = await requireSession();
	return (
		<>
			<h1>Admin</h1>
			<p className="lead">
				The API's <code>/api/admin</code> route requires the <code>admin</code> role in the access
				token.
			</p>
			<AdminData email={user.email} />
		</>
	);
}
