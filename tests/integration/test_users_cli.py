"""`jiesu users add|list|disable` as an operator runs them, on SQLite and PostgreSQL (in
this process: tests/cli_support.py)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from sqlalchemy import create_engine
from typer.testing import Result

from jiesu.accounts.store import AccountStore
from tests.cli_support import run_cli


def users(url: str, *args: str, stdin: str = "") -> Result:
    return run_cli({"DATABASE_URL": url}, "users", *args, stdin=stdin)


def test_an_operator_adds_lists_and_disables_accounts(database_url: str, tmp_path: Path) -> None:
    made = users(
        database_url, "add", "wangli", "--role", "street", "--scope", "zd.cz",
        "--name", "王丽", "--password-stdin", stdin="a long enough password\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    token_file = tmp_path / "street-system.token"
    machine = users(
        database_url, "add", "cz-system", "--role", "street", "--scope", "zd.cz",
        "--machine", "--token-file", str(token_file),
    )  # fmt: skip
    assert machine.exit_code == 0, machine.stderr
    token = token_file.read_text().strip()
    assert token not in machine.stdout + machine.stderr
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    listed = json.loads(users(database_url, "list", "--json").stdout)
    assert {(a["username"], a["role"], a["scope"], a["kind"]) for a in listed} == {
        ("wangli", "street", "zd.cz", "person"),
        ("cz-system", "street", "zd.cz", "machine"),
    }
    assert "password" not in json.dumps(listed)
    store = AccountStore(create_engine(database_url))
    assert store.authenticate("wangli", "a long enough password") is not None
    assert store.by_token(token) is not None
    assert users(database_url, "disable", "cz-system").exit_code == 0
    assert store.by_token(token) is None


def test_bad_accounts_are_refused_with_the_reason(database_url: str) -> None:
    cases = [
        (["add", "x1", "--role", "street", "--scope", "zd.nowhere", "--password-stdin"], "no area"),
        (
            ["add", "x2", "--role", "department", "--scope", "bakery", "--password-stdin"],
            "no department",
        ),
        (["add", "x3", "--role", "city", "--scope", "zd", "--password-stdin"], "takes no scope"),
        (["add", "x4", "--role", "city", "--password-stdin"], "at least 10"),
        (["add", "x5", "--role", "city", "--machine"], "--token-file"),
        (["disable", "nobody"], "no account"),
    ]
    for args, reason in cases:
        answer = users(database_url, *args, stdin="short\n")
        assert answer.exit_code == 2, args
        assert reason in answer.stderr, (args, answer.stderr)
