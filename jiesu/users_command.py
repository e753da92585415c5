"""`jiesu users add|list|disable`: the accounts of people and machines, kept in DATABASE_URL.

A password is typed at a hidden prompt (or read from standard input with
``--password-stdin``); a machine's token is written to a file only its owner can read.
Nothing here prints a secret.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jiesu.accounts.account import AccountError
from jiesu.config import ConfigError
from jiesu.domain.access import Role, Scope, ScopeError
from jiesu.settings import get_settings

if TYPE_CHECKING:  # imported by the commands themselves: `jiesu broker` does not pay for them
    from jiesu.accounts.store import AccountStore

app = typer.Typer(help="Accounts of the dashboard, its API and the handlers' actions.")


def _store() -> AccountStore:
    from jiesu.accounts.store import AccountStore
    from projections.store import engine_for, ensure_database

    url = get_settings().database_url
    ensure_database(url)
    return AccountStore(engine_for(url))


def checked_scope(role: Role, scope: str | None) -> Scope:
    """The scope, which must name an area or department the configuration knows."""
    made = Scope(role, scope)
    if role in (Role.STREET, Role.COMMUNITY):
        from jiesu.config.city import load_city

        if scope not in load_city():
            raise ScopeError(f"no area {scope} in the city model")
    if role is Role.DEPARTMENT:
        from jiesu.config.departments import load_catalogue

        if load_catalogue().get(str(scope)) is None:
            raise ScopeError(f"no department {scope} in the department catalogue")
    return made


@app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name (a-z, 0-9, '.', '_', '-').")],
    role: Annotated[Role, typer.Option(help="city, street, community, department or callback.")],
    scope: str = typer.Option("", help="Street (zd.cz), community (zd.cz.cg) or department id."),
    name: str = typer.Option("", help="Display name (the timeline shows it)."),
    machine: bool = typer.Option(False, help="A machine account: a token instead of a password."),
    token_file: Annotated[
        Path | None, typer.Option(help="Where to write a machine's token.")
    ] = None,
    password_stdin: bool = typer.Option(False, help="Read the password from standard input."),
    oidc_subject: str = typer.Option("", help="The single sign-on subject (sub) of this person."),
    sso_only: bool = typer.Option(False, help="No password: single sign-on by username claim."),
) -> None:
    """Create an account."""
    from jiesu.accounts.passwords import WeakPassword

    try:
        made = checked_scope(role, scope or None)
        if machine and token_file is None:
            raise AccountError("a machine account needs --token-file (its token is shown nowhere)")
        password = None if machine or oidc_subject or sso_only else _password(password_stdin)
        token = _store().add(
            username, name, made, password=password, machine=machine,
            oidc_subject=oidc_subject or None,
        )  # fmt: skip
    except (AccountError, ScopeError, WeakPassword, ConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if token is not None and token_file is not None:
        _write_secret(token_file, token)
        typer.echo(f"account {username} created; its token is in {token_file}")
    else:
        typer.echo(f"account {username} created")


@app.command("list")
def listing(as_json: bool = typer.Option(False, "--json", help="One JSON array.")) -> None:
    """Every account, its role, scope and state (no secrets)."""
    from rich.console import Console
    from rich.table import Table

    found = _store().listing()
    if as_json:
        typer.echo(json.dumps([a.as_dict() for a in found], ensure_ascii=False))
        return
    table = Table("username", "name", "role", "scope", "kind", "state")
    for a in found:
        state = "disabled" if a.disabled else "active"
        table.add_row(a.username, a.display_name, a.role.value, a.scope.area or "–", a.kind, state)
    Console().print(table)


@app.command("disable")
def disable(username: str = typer.Argument(..., help="The account to disable.")) -> None:
    """Disable an account: its sessions end and its token stops working at once."""
    try:
        _store().disable(username)
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"account {username} disabled")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    entered: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return entered


def _write_secret(path: Path, secret: str) -> None:
    """Write ``secret`` to a new file readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
