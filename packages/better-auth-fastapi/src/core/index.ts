/**
 * `better-auth-fastapi`: the core of the contract v1 access-token bridge (Web APIs only): key
 * derivation, signing, strict verification, the Authorization header and RFC 6750 errors.
 *
 * @module
 */
export {
	assertRealm,
	type BearerErrorResponse,
	bearerChallenge,
	DEFAULT_REALM,
	errorResponse,
	parseAuthorization,
} from "./authorization.js";
export { base64urlDecode, base64urlEncode } from "./base64url.js";
export { type AccessTokenClaims, type ClaimRules, validateClaims } from "./claims.js";
export { type AccessTokenErrorCode, type BearerError, CODES } from "./codes.js";
export {
	AccessTokenError,
	accessTokenError,
	ConfigurationError,
	InsufficientScopeError,
	InvalidRequestError,
	InvalidTokenError,
} from "./errors.js";
export {
	deriveKeyBytes,
	type HmacKey,
	importHmacKey,
	importHmacKeyBytes,
	KEY_INFO,
	type KeyMode,
	keyId,
} from "./key.js";
export {
	resolveVerifierOptions,
	VERIFIER_BOUNDS,
	VERIFIER_DEFAULTS,
	type VerifierOptions,
	type VerifierSettings,
} from "./options.js";
export {
	type AccessTokenHeader,
	type AccessTokenSigner,
	accessTokenHeader,
	createSigner,
	hmacSign,
	signCompact,
	signingInput,
} from "./sign.js";
export {
	type AccessTokenVerifier,
	createVerifier,
	decodeUnverified,
	type VerifyOptions,
	verifyAccessToken,
} from "./verify.js";
