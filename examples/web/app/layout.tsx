import type { Metadata } from "next";
import type { ReactNode } from "react";
import { apiUrl } from "@/lib/api-url";
import { currentSession } from "@/lib/session";
import { ApiProvider } from "./_components/api-provider";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";

export const metadata: Metadata = {
	title: "better-auth-fastapi example",
	description: "Better Auth in Next.js, calling a FastAPI API with short-lived access tokens.",
};

// Every page reads the session and API_URL at request time: one build serves any deployment.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
	const session = await currentSession();
	return (
		<html lang="en">
			<body>
				<ApiProvider baseURL={apiUrl()}>
					<SiteHeader email={session?.user.email ?? null} />
					<main>{children}</main>
				</ApiProvider>
			</body>
		</html>
	);
}
