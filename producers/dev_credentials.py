"""Development channel credentials: random keys, their digests written to ``channels.yaml``.

Only `jiesu demo` (and `jiesu intake --init-credentials`, which writes them to a file) make
them; the clear secrets go back to the caller, never into the file.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import yaml

from producers.credentials import digest

DEV_AGENT = "A001"
DEV_CLERK = ("C01", 1)


def generate_dev_credentials(path: Path, grids: list[str]) -> dict[str, Any]:
    """Write a development ``channels.yaml`` (hashes only) and return the clear secrets."""
    clear: dict[str, Any] = {
        "hotline_key": secrets.token_urlsafe(24),
        "walkin_key": secrets.token_urlsafe(24),
        "open311_key": secrets.token_urlsafe(24),
        "handler_key": secrets.token_urlsafe(24),
        "wechat_token": secrets.token_urlsafe(24),
        "workers": {f"w-{i + 1:03d}": (secrets.token_urlsafe(24), g) for i, g in enumerate(grids)},
    }
    data = _hashed(clear)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# jiesu channel credentials (development). Keys and tokens are SHA-256 digests.\n"
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    path.chmod(0o600)
    return clear


def _hashed(clear: dict[str, Any]) -> dict[str, Any]:
    """The file's content: the digests of the clear secrets (the WeChat token stays clear,
    since the signature check needs it)."""
    clerk, window = DEV_CLERK
    return {
        "hotline_keys": [{"agent": DEV_AGENT, "key_sha256": digest(clear["hotline_key"])}],
        "walkin_keys": [
            {"clerk": clerk, "window": window, "key_sha256": digest(clear["walkin_key"])}
        ],
        "open311_keys": [
            {
                "name": "development",
                "key_sha256": digest(clear["open311_key"]),
                "rights": ["post", "read"],
            }
        ],
        "handlers": [
            {
                "name": "dispatch",
                "key_sha256": digest(clear["handler_key"]),
                "units": ["*"],
                "callback": True,
            }
        ],
        "workers": [
            {"worker": w, "token_sha256": digest(token), "grid": grid}
            for w, (token, grid) in clear["workers"].items()
        ],
        "wechat": {"token": clear["wechat_token"], "max_age_s": 300, "per_minute": 10},
    }
