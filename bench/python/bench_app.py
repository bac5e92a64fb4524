"""The app http_bench.py serves: the routes to compare, side by side in one process.

fastapi_better_auth's ``CurrentUser`` finds its configuration on ``request.app.state``
(``BetterAuth.install``), so one app holds one configuration. The no-cache configuration (cache_size=0)
is therefore measured two ways:

- /nocache, in the same app: ``CurrentUser``'s dependency bound to a second ``BetterAuth``
  (``Depends(no_cache_auth.current_user)``, the per-instance dependency).
- /m/nocache: ``CurrentUser`` itself, in a FastAPI sub-app mounted at /m (Starlette sets ``request.app``
  to the innermost app), next to an open route in the same sub-app (/m/open) that measures what the
  mount itself costs (about 20 % on this machine).
"""

from __future__ import annotations

from typing import Annotated, Any

import jwt
from bench_tokens import AUDIENCE, ISSUER, KEY, SECRET
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_better_auth import (
    AuthUser,
    BetterAuth,
    BetterAuthSettings,
    CurrentUser,
)

app = FastAPI()
BetterAuth(BetterAuthSettings(secret=SECRET, issuer=ISSUER, audience=AUDIENCE)).install(app)

NO_CACHE = BetterAuthSettings(secret=SECRET, issuer=ISSUER, audience=AUDIENCE, cache_size=0)
no_cache_auth = BetterAuth(NO_CACHE)
no_cache = FastAPI()
BetterAuth(NO_CACHE).install(no_cache)
app.mount("/m", no_cache)


@app.get("/open")
async def open_route() -> dict[str, str]:
    return {"sub": "anonymous"}


async def _empty() -> None:
    return None


async def _reads_header(request: Request) -> str:
    return request.headers.get("authorization", "")


@app.get("/empty-dependency")
async def empty_dependency(_: Annotated[None, Depends(_empty)]) -> dict[str, str]:
    """FastAPI's floor: what any dependency costs, before it does anything."""
    return {"sub": "anonymous"}


@app.get("/header-dependency")
async def header_dependency(_: Annotated[str, Depends(_reads_header)]) -> dict[str, str]:
    return {"sub": "anonymous"}


@app.get("/cache")
async def cached(user: CurrentUser) -> dict[str, str]:
    return {"sub": user.id}


@app.get("/nocache")
async def uncached_same_app(user: Annotated[AuthUser, Depends(no_cache_auth.current_user)]) -> dict[str, str]:
    return {"sub": user.id}


@no_cache.get("/open")
async def mounted_open_route() -> dict[str, str]:
    return {"sub": "anonymous"}


@no_cache.get("/nocache")
async def uncached(user: CurrentUser) -> dict[str, str]:
    return {"sub": user.id}


# The FastAPI tutorial's way (docs "OAuth2 with Password (and hashing), Bearer with JWT tokens"),
# with HTTPBearer in front and the audience and issuer checked as a real app must.
bearer = HTTPBearer()
Credentials = Annotated[HTTPAuthorizationCredentials, Depends(bearer)]


def _decode(token: str) -> dict[str, Any]:
    try:
        return jwt.decode(token, KEY, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
    except jwt.InvalidTokenError:
        raise HTTPException(401, "Could not validate credentials", headers={"WWW-Authenticate": "Bearer"}) from None


def tutorial_user_sync(credentials: Credentials) -> dict[str, Any]:
    return _decode(credentials.credentials)


async def tutorial_user_async(credentials: Credentials) -> dict[str, Any]:
    return _decode(credentials.credentials)


@app.get("/tutorial-sync")
async def tutorial_sync(user: Annotated[dict[str, Any], Depends(tutorial_user_sync)]) -> dict[str, str]:
    return {"sub": user["sub"]}


@app.get("/tutorial-async")
async def tutorial_async(user: Annotated[dict[str, Any], Depends(tutorial_user_async)]) -> dict[str, str]:
    return {"sub": user["sub"]}
