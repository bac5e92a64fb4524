"""Assertions shared by the over-HTTP tests."""

from __future__ import annotations

import httpx
from cases import Req, challenge
from conftest import SECRET


def problems(resp: httpx.Response, status: int, code: str | None, req: Req) -> list[str]:
    """What is wrong with a response (empty when it is exactly what the contract prescribes)."""
    found: list[str] = []
    if resp.status_code != status:
        found.append(f"status {resp.status_code} != {status} ({resp.text[:200]})")
    if code is None:
        if "www-authenticate" in resp.headers:
            found.append(f"unexpected WWW-Authenticate {resp.headers['www-authenticate']!r}")
    else:
        values = resp.headers.get_list("www-authenticate")
        if values != [challenge(code)]:
            found.append(f"WWW-Authenticate {values!r} != {[challenge(code)]!r}")
        try:
            body = resp.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or body.get("code") != code or not isinstance(body.get("detail"), str):
            found.append(f"body {resp.text[:200]!r} is not {{'detail': str, 'code': {code!r}}}")
    everything = resp.text + "\n" + "\n".join(f"{k}: {v}" for k, v in resp.headers.multi_items())
    if SECRET in everything:
        found.append("the response contains the secret")
    for credential in req.credentials():
        if credential in everything:
            found.append("the response contains the token")
    return found


def send(client: httpx.Client, req: Req) -> httpx.Response:
    return client.get(req.path, headers=req.headers, params=req.params)


async def send_async(client: httpx.AsyncClient, req: Req) -> httpx.Response:
    return await client.get(req.path, headers=req.headers, params=req.params)
