"""Channel credentials: every key names who holds it; only SHA-256 digests are stored.

The file is ``channels.yaml`` in ``JIESU_CONFIG_DIR`` (an operator's) or else in the data
directory (the development one :mod:`producers.dev_credentials` writes); Open311 keys may
also come from ``JIESU_OPEN311_API_KEYS`` (post only). Who acted is taken from the key, not
from the request: a hotline key names its agent (坐席工号), a walk-in key its clerk and window,
a handler key the units it acts for and whether it records call-back scores, an Open311 key
whether it may read full records. Only hashes are kept in memory, so a leaked file or heap
dump does not hand out working keys.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jiesu.config import ConfigError, parse_yaml
from jiesu.domain.acting import Actor
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
class Agent:
    """A call-centre agent (坐席) of the 12345 hotline."""

    agent_id: str


@dataclass(frozen=True)
class Clerk:
    """A clerk (受理人) at a window (窗口) of the walk-in counter."""

    clerk: str
    window: int


@dataclass(frozen=True)
class Open311Key:
    """A client of the Open311 API; ``read``: it may read full records, not only the public
    view."""

    name: str
    read: bool = False


@dataclass(frozen=True)
class Handler:
    """A machine key that records actions: its name, the units it acts for ('*': any),
    and whether it records call-back scores."""

    name: str
    units: frozenset[str]
    callback: bool = False

    def actor(self) -> Actor:
        return Actor(name=f"key:{self.name}", units=self.units, may_score=self.callback)


@dataclass(frozen=True)
class Credentials:
    """Every channel's keys, by SHA-256 hex digest."""

    hotline: dict[str, Agent] = field(default_factory=dict)
    walkin: dict[str, Clerk] = field(default_factory=dict)
    open311: dict[str, Open311Key] = field(default_factory=dict)
    workers: dict[str, Worker] = field(default_factory=dict)
    handlers: dict[str, Handler] = field(default_factory=dict)
    wechat_token: str | None = None
    wechat_max_age_s: int = 300
    wechat_per_minute: int = 10

    def agent(self, token: str | None) -> Agent | None:
        return self.hotline.get(digest(token)) if token else None

    def clerk(self, token: str | None) -> Clerk | None:
        return self.walkin.get(digest(token)) if token else None

    def open311_client(self, token: str | None) -> Open311Key | None:
        return self.open311.get(digest(token)) if token else None

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
            data = parse_yaml(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
    return credentials_from_data(data, settings.open311_api_keys)


def credentials_from_data(data: dict[str, Any], open311_plain: list[str]) -> Credentials:
    try:
        wechat = data.get("wechat") or {}
        open311 = dict(_entries(data, "open311_keys", _open311_key))
        open311 |= {digest(k): Open311Key(f"env-{i + 1}") for i, k in enumerate(open311_plain)}
        return Credentials(
            hotline=dict(_entries(data, "hotline_keys", lambda e: Agent(str(e["agent"])))),
            walkin=dict(_entries(data, "walkin_keys", _clerk)),
            open311=open311,
            workers=dict(_entries(data, "workers", _worker, "token_sha256")),
            handlers=dict(_entries(data, "handlers", _handler)),
            wechat_token=wechat.get("token"),
            wechat_max_age_s=int(wechat.get("max_age_s", 300)),
            wechat_per_minute=int(wechat.get("per_minute", 10)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{FILE}: malformed entry ({type(exc).__name__}: {exc})") from exc


def _entries(
    data: dict[str, Any], section: str, make: Any, key: str = "key_sha256"
) -> list[tuple[str, Any]]:
    """``(digest, holder)`` of a section whose entries are mappings naming their holder."""
    found = []
    for entry in data.get(section) or ():
        if not isinstance(entry, dict):
            raise ConfigError(
                f"{FILE}: every entry of {section} must name its holder "
                f"(e.g. {{agent: A017, key_sha256: …}}), not be a bare digest"
            )
        found.append((str(entry[key]), make(entry)))
    return found


def _clerk(entry: dict[str, Any]) -> Clerk:
    return Clerk(str(entry["clerk"]), int(entry["window"]))


def _open311_key(entry: dict[str, Any]) -> Open311Key:
    rights = set(entry.get("rights") or ("post",))
    return Open311Key(str(entry.get("name") or "open311"), read="read" in rights)


def _worker(entry: dict[str, Any]) -> Worker:
    return Worker(str(entry["worker"]), str(entry["grid"]))


def _handler(entry: dict[str, Any]) -> Handler:
    units = entry.get("units")
    if not units:
        raise ConfigError(f"{FILE}: handler {entry.get('name')} needs its units ('*': any)")
    return Handler(str(entry["name"]), frozenset(units), bool(entry.get("callback", False)))
