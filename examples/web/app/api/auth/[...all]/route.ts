// Better Auth's endpoints under /api/auth (sign-up, sign-in, session, and apiToken()'s
// /api/auth/api-token), as Better Auth's Next.js guide mounts them.
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth";

export const { GET, POST } = toNextJsHandler((request) => getAuth().handler(request));
