"""Verify Better Auth access tokens in FastAPI: offline, strict, typed."""

from .bearer import parse_authorization, www_authenticate
from .codes import CODES, AccessTokenErrorCode
from .dependencies import BetterAuth, CurrentUser, OptionalUser, current_user, optional_user, require_roles
from .errors import (
    AccessTokenError,
    ConfigurationError,
    InsufficientScopeError,
    InvalidRequestError,
    InvalidTokenError,
)
from .jwks import JWKSVerifier
from .responses import AUTH_RESPONSES, ROLE_RESPONSES, AuthErrorBody
from .settings import BetterAuthSettings
from .user import AuthUser
from .verifier import AccessTokenVerifier
from .websocket import BEARER_SUBPROTOCOL, WebSocketUser, accept_websocket, websocket_user

__all__ = [
    "AUTH_RESPONSES",
    "BEARER_SUBPROTOCOL",
    "CODES",
    "ROLE_RESPONSES",
    "AccessTokenError",
    "AccessTokenErrorCode",
    "AccessTokenVerifier",
    "AuthErrorBody",
    "AuthUser",
    "BetterAuth",
    "BetterAuthSettings",
    "ConfigurationError",
    "CurrentUser",
    "InsufficientScopeError",
    "InvalidRequestError",
    "InvalidTokenError",
    "JWKSVerifier",
    "OptionalUser",
    "WebSocketUser",
    "accept_websocket",
    "current_user",
    "optional_user",
    "parse_authorization",
    "require_roles",
    "websocket_user",
    "www_authenticate",
]
