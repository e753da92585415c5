"""Channel credentials: API keys and worker tokens stored as SHA-256, the WeChat token.

The file is ``channels.yaml`` in ``JIESU_CONFIG_DIR`` (an operator's) or else in the data
directory (the development one ``generate_dev_credentials`` writes); Open311 keys may also come
from ``JIESU_OPEN311_API_KEYS``. Only hashes are kept in memory for keys, so a leaked file or
heap dump does not hand out working keys.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jiesu.config import ConfigError
from jiesu.settings import Settings

FILE = "channels.yaml"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Worker:
    """A grid worker (网格员): their id and the grid they walk."""

    worker_id: str
    grid: str


@dataclass(frozen=True)
class Handler:
    """Whoever records actions: a name and the units they may act for ('*': any)."""

    name: str
    units: frozenset[str]

    def may_act_for(self, unit: str) -> bool:
        return "*" in self.units or unit in self.units


@dataclass(frozen=True)
class Credentials:
    """Every channel's secrets, keys as SHA-256 hex digests."""

    hotline_keys: frozenset[str] = frozenset()
    walkin_keys: frozenset[str] = frozenset()
    open311_keys: frozenset[str] = frozenset()
    workers: dict[str, Worker] = field(default_factory=dict)
    handlers: dict[str, Handler] = field(default_factory=dict)
    wechat_token: str | None = None
    wechat_max_age_s: int = 300
    wechat_per_minute: int = 10

    @staticmethod
    def matches(secret: str | None, hashes: frozenset[str]) -> bool:
        if not secret:
            return False
        wanted = digest(secret)
        return any(hmac.compare_digest(wanted, known) for known in hashes)

    def worker(self, token: str | None) -> Worker | None:
        return self.workers.get(digest(token)) if token else None

    def handler(self, token: str | None) -> Handler | None:
        return self.handlers.get(digest(token)) if token else None


def credentials_path(settings: Settings) -> Path:
    if settings.credentials_file is not None:  # a mounted secret (compose, Kubernetes)
        return settings.credentials_file
    if settings.config_dir is not None and (settings.config_dir / FILE).is_file():
        return settings.config_dir / FILE
    return settings.data_dir / FILE


def load_credentials(settings: Settings) -> Credentials:
    """The credentials file (if any) plus the Open311 keys of the environment."""
    path = credentials_path(settings)
    data: dict[str, Any] = {}
    if settings.credentials_file is not None and not path.is_file():
        raise ConfigError(f"JIESU_CREDENTIALS_FILE {path} does not exist")
    if path.is_file():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
    return credentials_from_data(data, settings.open311_api_keys)


def credentials_from_data(data: dict[str, Any], open311_plain: list[str]) -> Credentials:
    try:
        wechat = data.get("wechat") or {}
        return Credentials(
            hotline_keys=frozenset(data.get("hotline_keys") or ()),
            walkin_keys=frozenset(data.get("walkin_keys") or ()),
            open311_keys=frozenset(data.get("open311_keys") or ())
            | {digest(k) for k in open311_plain},
            workers={
                w["token_sha256"]: Worker(str(w["worker"]), str(w["grid"]))
                for w in data.get("workers") or ()
            },
            handlers={
                h["key_sha256"]: Handler(str(h["name"]), frozenset(h.get("units") or ("*",)))
                for h in data.get("handlers") or ()
            },
            wechat_token=wechat.get("token"),
            wechat_max_age_s=int(wechat.get("max_age_s", 300)),
            wechat_per_minute=int(wechat.get("per_minute", 10)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{FILE}: malformed entry ({type(exc).__name__}: {exc})") from exc


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
    return {
        "hotline_keys": [digest(clear["hotline_key"])],
        "walkin_keys": [digest(clear["walkin_key"])],
        "open311_keys": [digest(clear["open311_key"])],
        "handlers": [
            {"name": "dispatch", "key_sha256": digest(clear["handler_key"]), "units": ["*"]}
        ],
        "workers": [
            {"worker": w, "token_sha256": digest(token), "grid": grid}
            for w, (token, grid) in clear["workers"].items()
        ],
        "wechat": {"token": clear["wechat_token"], "max_age_s": 300, "per_minute": 10},
    }
