/** The example API's address, read at run time: the browser calls it directly (CORS). */
export function apiUrl(): string {
	return process.env.API_URL ?? "http://localhost:8000";
}
