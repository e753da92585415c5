"""A minimal OpenID Connect provider for the tests: discovery, authorize, token, keys.

It speaks the real protocol over real HTTP (the dashboard's ``authlib`` client discovers
it, follows its redirects, swaps the code for an RS256-signed ID token and checks that
token against its published key), and logs in whoever it is told to, without a form.
"""

from __future__ import annotations

import secrets
import time
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse
from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID, CLIENT_SECRET = "jiesu-dashboard", "provider-secret"


class Provider:
    """The provider's state: its key, who logs in next, the codes it handed out."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.user: dict[str, str] = {"sub": "nobody"}
        self.codes: dict[str, dict[str, Any]] = {}
        self.url = ""

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        def discovery() -> dict[str, Any]:
            return {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }

        @app.get("/authorize")
        def authorize(request: Request) -> RedirectResponse:
            query = request.query_params
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": query.get("nonce"), "user": dict(self.user)}
            back = urlencode({"code": code, "state": query["state"]})
            return RedirectResponse(f"{query['redirect_uri']}?{back}", status_code=302)

        @app.post("/token")
        def token(code: str = Form(...)) -> dict[str, Any]:
            granted = self.codes.pop(code)
            now = int(time.time())
            claims = granted["user"] | {
                "iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                "nonce": granted["nonce"],
            }  # fmt: skip
            signed = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
            return {"access_token": "at", "token_type": "Bearer", "id_token": signed}

        @app.get("/jwks")
        def jwks() -> dict[str, Any]:
            return {"keys": [self.key.as_dict(private=False)]}

        return app
