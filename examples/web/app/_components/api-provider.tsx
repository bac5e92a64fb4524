"use client";
// Hands the API's address (read on the server at run time) to the client components.
import type { ApiFetch } from "better-auth-fastapi/client";
import { createContext, type ReactNode, useContext } from "react";
import { apiFetchFor } from "@/lib/auth-client";

const ApiUrl = createContext<string | null>(null);

export function ApiProvider({ baseURL, children }: { baseURL: string; children: ReactNode }) {
	return <ApiUrl.Provider value={baseURL}>{children}</ApiUrl.Provider>;
}

/** The shared `apiFetch` for the example API. */
export function useApi(): ApiFetch {
	const baseURL = useContext(ApiUrl);
	if (baseURL === null) throw new Error("useApi() needs an <ApiProvider> above it");
	return apiFetchFor(baseURL);
}

/** The API's address, for messages. */
export function useApiUrl(): string {
	return useContext(ApiUrl) ?? "";
}
