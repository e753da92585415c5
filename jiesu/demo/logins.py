"""The demo's development users: one of each role, with fresh random passwords.

`jiesu demo` prints them with the other development credentials (nothing else prints
secrets); run again, it gives the same users new passwords. A headless run (`--json`)
prints none, so it makes none: Argon2id costs a third of a CPU-second per password, and
the children boot on the same cores meanwhile.
"""

from __future__ import annotations

import secrets

import typer

from jiesu.accounts.account import AccountError
from jiesu.accounts.store import AccountStore
from jiesu.domain.access import Role, Scope
from jiesu.settings import Settings

DEV_USERS: tuple[tuple[str, str, Scope], ...] = (
    ("leader", "市领导（演示）", Scope(Role.CITY)),
    ("street-cz", "车站街道办（演示）", Scope(Role.STREET, "zd.cz")),
    ("community-cg", "春光山色社区（演示）", Scope(Role.COMMUNITY, "zd.cz.cg")),
    ("dept-sanitation", "环卫（演示）", Scope(Role.DEPARTMENT, "sanitation")),
    ("callback", "回访中心（演示）", Scope(Role.CALLBACK)),
)


def create_dev_users(settings: Settings) -> dict[str, str]:
    """Make (or re-key) the development users; their clear passwords by username."""
    from projections.store import engine_for, ensure_database

    ensure_database(settings.database_url)
    store = AccountStore(engine_for(settings.database_url))
    logins: dict[str, str] = {}
    for username, name, scope in DEV_USERS:
        password = secrets.token_urlsafe(12)
        try:
            store.add(username, name, scope, password=password)
        except AccountError:
            store.set_password(username, password)
        logins[username] = password
    return logins


def print_logins(logins: dict[str, str], dashboard_url: str | None) -> None:
    where = f" at {dashboard_url}login" if dashboard_url else ""
    typer.echo(f"development logins of the dashboard{where} (username: password):")
    for (username, name, scope), password in zip(DEV_USERS, logins.values(), strict=True):
        typer.echo(f"  {username}: {password}    {name}, {scope.label}")
