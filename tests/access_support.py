"""Accounts for tests: a machine token of a role and scope, people who log in."""

from __future__ import annotations

from sqlalchemy import create_engine

from jiesu.accounts.store import AccountStore
from jiesu.domain.access import Role, Scope
from jiesu.settings import Settings

PASSWORD = "correct horse battery staple"


def store(settings: Settings) -> AccountStore:
    return AccountStore(create_engine(settings.database_url))


def token_for(settings: Settings, role: Role, area: str | None = None, name: str = "") -> str:
    """A machine account of ``role`` (and ``area``); its token."""
    username = name or f"{role.value}-{(area or 'all').replace('.', '-')}"
    token = store(settings).add(username, username, Scope(role, area), machine=True)
    assert token is not None
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def city_headers(settings: Settings) -> dict[str, str]:
    return bearer(token_for(settings, Role.CITY, name="city-test"))


def person(settings: Settings, username: str, role: Role, area: str | None = None) -> None:
    store(settings).add(username, username, Scope(role, area), password=PASSWORD)
