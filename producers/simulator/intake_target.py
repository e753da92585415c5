"""Sending the simulation through a running intake service, as each channel's client would.

Credentials are the clear development secrets (the mapping ``generate_dev_credentials``
returns and ``jiesu demo`` prints), read from a YAML/JSON file. Ticks are not a channel's
business: they go to the fallback target (the broker). Refused requests (4xx) are counted
and logged by status and error code only; 503 is retried after its Retry-After.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from jiesu.config import parse_yaml
from jiesu.domain.events import Event, PetitionReceived
from producers.simulator.intake_payloads import Request, action_request, petition_request
from producers.simulator.live import Target
from producers.wechat.signature import wechat_signature

log = logging.getLogger(__name__)
RETRIES = 5


class IntakeUnavailable(Exception):
    """The intake service did not answer (or kept answering 503)."""


def load_secrets(path: Path) -> dict[str, Any]:
    data = parse_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of channel secrets")
    return data


class IntakeTarget:
    """Posts petitions and handlers' actions to the intake at ``url``."""

    def __init__(
        self,
        url: str,
        secrets: dict[str, Any],
        fallback: Target,
        client: httpx.Client | None = None,
    ) -> None:
        self.client = client or httpx.Client(base_url=url.rstrip("/"), timeout=15.0)
        self.secrets, self.fallback = secrets, fallback
        self.refused: Counter[str] = Counter()

    def send(self, events: Sequence[Event]) -> None:
        for event in events:
            if isinstance(event, PetitionReceived):
                self._post(petition_request(event))
            elif (request := action_request(event)) is not None:
                self._post(request)
            else:
                self.fallback.send([event])

    def _post(self, request: Request) -> None:
        for _ in range(RETRIES):
            try:
                answer = self.client.post(
                    request.path,
                    json=request.json,
                    data=self._form(request),
                    params=self._query(request),
                    headers=self._headers(request),
                )
            except httpx.HTTPError as exc:
                raise IntakeUnavailable(f"intake did not answer: {type(exc).__name__}") from exc
            if answer.status_code != 503:
                break
            time.sleep(float(answer.headers.get("Retry-After", "1")))
        else:
            raise IntakeUnavailable("intake kept answering 503")
        if answer.status_code >= 400:
            code = _error_code(answer)
            self.refused[f"{answer.status_code} {code}"] += 1
            log.warning(
                "intake refused %s: %s %s", request.path.split("/")[1], answer.status_code, code
            )

    def _secret(self, name: str) -> str:
        if name.startswith("worker:"):
            workers: dict[str, Any] = self.secrets.get("workers") or {}
            tokens = [t for t, grid in workers.values() if grid == name[7:]]
            tokens = tokens or [t for t, _ in workers.values()]
            return str(tokens[0]) if tokens else ""
        return str(self.secrets.get(name) or "")

    def _headers(self, request: Request) -> dict[str, str]:
        if request.signed or request.form is not None:
            return {}
        return {"Authorization": f"Bearer {self._secret(request.credential)}"}

    def _form(self, request: Request) -> dict[str, str] | None:
        if request.form is None:
            return None
        return request.form | {"api_key": self._secret(request.credential)}

    def _query(self, request: Request) -> dict[str, str] | None:
        if not request.signed:
            return None
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex
        signature = wechat_signature(self._secret(request.credential), timestamp, nonce)
        return {"signature": signature, "timestamp": timestamp, "nonce": nonce}

    def close(self) -> None:
        self.client.close()


def _error_code(answer: httpx.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return "-"
    return str(body.get("error", "-")) if isinstance(body, dict) else "-"
