"""The client's address: the socket's peer, or what trusted proxies say it was.

``X-Forwarded-For`` is believed only from the proxies listed in ``JIESU_TRUSTED_PROXIES``
(addresses or networks); uvicorn's own middleware walks the header from the right and stops
at the first address that is not one of them, so a client cannot forge its address by
sending the header itself. With no trusted proxies the header is ignored.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

UNKNOWN = "unknown"


def trust_proxies(app: FastAPI, trusted: list[str]) -> None:
    """Add the middleware (outermost: everything after it sees the real client)."""
    if trusted:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=trusted)


def client_address(request: Request) -> str:
    return request.client.host if request.client else UNKNOWN
