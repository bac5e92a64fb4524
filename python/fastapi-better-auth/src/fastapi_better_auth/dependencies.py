"""FastAPI glue: ``BetterAuth`` (install once), ``CurrentUser``, ``OptionalUser`` and ``require_roles``.

The hot path is one flat ``async`` dependency that reads the ``Authorization`` header itself (no
``HTTPBearer`` chained in front, no threadpool) and calls the verifier. The dependency objects are
``SecurityBase`` instances, so every route using them shows the lock in Swagger UI and the "Authorize"
button sends a pasted token.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.responses import JSONResponse
from fastapi.security.base import SecurityBase
from starlette.requests import HTTPConnection

from .bearer import bearer_credentials, check_token68, www_authenticate
from .errors import AccessTokenError, InsufficientScopeError, InvalidTokenError
from .jwks import JWKSVerifier
from .settings import BetterAuthSettings
from .user import AuthUser
from .verifier import AccessTokenVerifier

__all__ = [
    "SCHEME_NAME",
    "BetterAuth",
    "CurrentUser",
    "OptionalUser",
    "RequireRoles",
    "current_user",
    "optional_user",
    "require_roles",
]

SCHEME_NAME = "BetterAuth"
"""Name of the OpenAPI security scheme (an HTTP bearer scheme) the dependencies register."""

_DESCRIPTION = "A Better Auth access token, sent as `Authorization: Bearer <token>`."


class BetterAuth:
    """Verifies Better Auth access tokens for one FastAPI app; :meth:`install` it before serving.

    Construction validates the settings and derives the keys, so a bad configuration stops the app at
    start-up with a :class:`ConfigurationError` naming the setting.

    Example::

        app = FastAPI()
        BetterAuth.from_env().install(app)
    """

    def __init__(
        self,
        settings: BetterAuthSettings,
        *,
        clock: Callable[[], float] = time.time,
        jwks_client: httpx.AsyncClient | None = None,
    ) -> None:
        self.settings = settings
        self.verifier: AccessTokenVerifier | None = None
        self.jwks: JWKSVerifier | None = None
        if settings.jwks_url is not None:
            self.jwks = JWKSVerifier(settings, client=jwks_client, clock=clock)
        else:
            self.verifier = AccessTokenVerifier(settings, clock=clock)
        self.current_user: _CurrentUser = _CurrentUser(self)
        """This configuration's own ``current_user``, for an app that uses two configurations:
        ``Annotated[AuthUser, Depends(auth.current_user)]``. The app still needs one :meth:`install` (its error
        handler answers for every configuration, each error with its own realm)."""
        self.optional_user: _OptionalUser = _OptionalUser(self)
        """This configuration's own ``optional_user`` (see :attr:`current_user`)."""

    @classmethod
    def from_env(cls, **overrides: Any) -> BetterAuth:
        """``BetterAuth(BetterAuthSettings.from_env(**overrides))``."""
        return cls(BetterAuthSettings.from_env(**overrides))

    def install(self, app: FastAPI) -> None:
        """Stores this object on ``app.state.better_auth`` and installs the error handler.

        Call it at import time or in the app's lifespan: both work.
        """
        app.state.better_auth = self
        app.add_exception_handler(AccessTokenError, self._handle)
        if app.middleware_stack is not None:
            # Starlette reads the exception handlers once, when it builds the middleware stack on the first
            # ASGI call (the lifespan's): rebuild it on the next request, or the handler would never run.
            app.middleware_stack = None

    async def _user(self, connection: HTTPConnection, *, required: bool) -> AuthUser | None:
        """What ``CurrentUser`` (required) and ``OptionalUser`` give for a request: the header parsed as
        :func:`parse_authorization` does, then :meth:`authenticate`. A token found in the verified-token cache
        skips the token68 check (it passed it, and verification, already) and the call."""
        try:
            token = bearer_credentials(authorization_values(connection))
            if token is None:
                if required:
                    raise InvalidTokenError("TOKEN_MISSING")
                return None
            verifier = self.verifier if self.verifier is not None else self.jwks
            assert verifier is not None
            user = verifier.cached_user(token)
            if user is not None:
                return user
            check_token68(token)
            return await self.authenticate(token)
        except AccessTokenError as exc:
            exc.realm = self.settings.realm  # the installed handler answers in this configuration's realm
            raise

    async def authenticate(self, token: str) -> AuthUser:
        """The user of a bearer token, or :class:`InvalidTokenError`."""
        if self.verifier is not None:
            return self.verifier.user(token)
        assert self.jwks is not None
        return await self.jwks.user(token)

    def error_response(self, exc: AccessTokenError) -> JSONResponse:
        """The contract's response for an error: status, ``WWW-Authenticate`` and ``{"detail", "code"}``."""
        return JSONResponse(
            {"detail": exc.detail, "code": exc.code},
            status_code=exc.status,
            headers={"WWW-Authenticate": www_authenticate(exc, exc.realm or self.settings.realm)},
        )

    async def _handle(self, request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AccessTokenError)
        return self.error_response(exc)


def installed(connection: HTTPConnection) -> BetterAuth:
    """The :class:`BetterAuth` installed on the app serving a request or WebSocket."""
    state = connection.scope["app"].state
    try:
        auth = state._state["better_auth"]  # what getattr(state, "better_auth") reads, without its slow miss
    except (AttributeError, KeyError, TypeError):
        auth = getattr(state, "better_auth", None)
    if type(auth) is not BetterAuth and not isinstance(auth, BetterAuth):
        raise RuntimeError("fastapi_better_auth: call BetterAuth(settings).install(app) before serving requests")
    return auth


def authorization_values(connection: HTTPConnection) -> list[str]:
    """The request's ``Authorization`` header values: ``connection.headers.getlist("authorization")``, read
    from the ASGI scope without building the headers object (Starlette compares the raw names, which ASGI
    lowercases, and decodes the values as latin-1)."""
    headers = connection.scope["headers"]
    if type(headers) is not list:  # an ASGI server may pass any iterable; Starlette then copies it to a list
        return connection.headers.getlist("authorization")
    return [value.decode("latin-1") for name, value in headers if name == b"authorization"]


class _BearerScheme(SecurityBase):
    def __init__(self, auth: BetterAuth | None = None) -> None:
        self.model = HTTPBearerModel(bearerFormat="JWT", description=_DESCRIPTION)
        self.scheme_name = SCHEME_NAME
        self.auth = auth
        """The configuration this dependency uses; None: the one installed on the app serving the request."""


class _CurrentUser(_BearerScheme):
    async def __call__(self, request: Request) -> AuthUser:
        auth = self.auth if self.auth is not None else installed(request)
        return await auth._user(request, required=True)  # type: ignore[return-value]


class _OptionalUser(_BearerScheme):
    async def __call__(self, request: Request) -> AuthUser | None:
        auth = self.auth if self.auth is not None else installed(request)
        return await auth._user(request, required=False)


current_user = _CurrentUser()
"""The dependency behind :data:`CurrentUser`: the verified user, or a 400/401 response."""

optional_user = _OptionalUser()
"""The dependency behind :data:`OptionalUser`: None when no Bearer credentials were sent."""

CurrentUser = Annotated[AuthUser, Depends(current_user)]
"""The verified user; a request without a valid token gets the contract's 400 or 401.

Example::

    @app.get("/me")
    async def me(user: CurrentUser) -> AuthUser:
        return user
"""

OptionalUser = Annotated[AuthUser | None, Depends(optional_user)]
"""The verified user, or None when the request carried no Bearer credentials at all.

A bad token still gets a 401 and a malformed header a 400. Example::

    @app.get("/greeting")
    async def greeting(user: OptionalUser) -> str:
        return f"hello {user.name if user else 'stranger'}"
"""


class RequireRoles:
    """Dependency that passes when the verified user holds every one of ``roles`` (exact strings).

    Otherwise 403 ``ROLE_MISSING`` with ``error="insufficient_scope"``. It depends on
    :data:`current_user`, so within one request the token is verified once, and overriding
    ``current_user`` in tests applies here too.
    """

    def __init__(self, *roles: str) -> None:
        if not roles or any(type(r) is not str or r == "" for r in roles):
            raise ValueError("require_roles() needs one or more non-empty role names")
        self.roles = roles

    async def __call__(self, user: CurrentUser) -> AuthUser:
        held = user.roles
        for role in self.roles:
            if role not in held:
                raise InsufficientScopeError("ROLE_MISSING")
        return user

    def __repr__(self) -> str:
        return f"require_roles({', '.join(map(repr, self.roles))})"


def require_roles(*roles: str) -> RequireRoles:
    """A dependency requiring every one of ``roles``; returns the user.

    Example::

        @app.get("/admin")
        async def admin(user: Annotated[AuthUser, Depends(require_roles("admin"))]) -> str:
            return user.id

        @app.delete("/items", dependencies=[Depends(require_roles("admin"))])
        async def purge() -> None: ...
    """
    return RequireRoles(*roles)
