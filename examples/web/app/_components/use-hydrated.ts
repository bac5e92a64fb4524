"use client";
import { useEffect, useState } from "react";

/**
 * False until React has hydrated the page. Forms stay disabled until then: submitted before
 * hydration, a form would do a native GET and put the password in the URL.
 */
export function useHydrated(): boolean {
	const [hydrated, setHydrated] = useState(false);
	useEffect(() => setHydrated(true), []);
	return hydrated;
}
