// Fixed secrets, clock and identities shared by the vector files. Each secret is what
// `openssl rand -base64 32` prints (here: base64(SHA-256("better-auth-fastapi vectors v1: <x> secret"))).

/** The current secret of most verify groups. */
export const SECRET_A = "9KeXZCYjSydjfStMjvOVA2OJWUe1xtPNgcGVKvBWd7A=";
/** A previous secret (rotation). */
export const SECRET_B = "6pgGSafNC3Rtn6M2yg/GARJo11viMOSB43Ei0HH++ek=";
/** An older previous secret (rotation). */
export const SECRET_C = "9RQYRzzuCmzbTYuFxf8WK3KLN9yFVAPxDYpfZXNjTno=";
/** A secret nobody configured: the attacker's. */
export const ATTACKER_SECRET = "Q78dPUHcH36DisMzlCrJrAe4amEpmq2YwtUQqNZCFF0=";

/** The frozen clock: 2026-01-01T00:00:00Z. */
export const NOW = 1767225600;
export const ISSUER = "https://auth.example.com";
export const AUDIENCE = "https://api.example.com";
export const SUB = "5Hq2Xo0KeGmYqN1d7cJ4vWb8tRz3LpAs";
export const JTI = "Xq3L9vTb2KmZ8wRy5NcH0g";
