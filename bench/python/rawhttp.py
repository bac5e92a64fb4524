"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for load generation.

httpx spends more CPU per request than the server under test does, so on a small machine it, not
the server, would set the pace. This client does only what the soak needs: one request at a time
per connection, Content-Length bodies (uvicorn's JSON answers), raw header lists (repeats allowed).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k == name]

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None

    async def request(
        self, method: str, path: str, headers: list[tuple[str, str]] | None = None, body: Any = None
    ) -> Answer:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            *(f"{k}: {v}" for k, v in headers or []),
        ]
        payload = b"" if body is None else json.dumps(body).encode()
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload)
            head = await reader.readuntil(b"\r\n\r\n")
            status_line, *rest = head.decode("latin-1").split("\r\n")
            status = int(status_line.split(" ", 2)[1])
            got = [(k.strip().lower(), v.strip()) for k, _, v in (h.partition(":") for h in rest if h)]
            if any(k == "transfer-encoding" for k, _ in got):
                raise ValueError("chunked answers are not supported")
            length = next((int(v) for k, v in got if k == "content-length"), 0)
            data = await reader.readexactly(length) if length else b""
        except BaseException:
            await self.close()
            raise
        if any(k == "connection" and v.lower() == "close" for k, v in got):
            await self.close()
        return Answer(status, got, data)
