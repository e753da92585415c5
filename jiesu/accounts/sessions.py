"""Server-side login sessions: the cookie carries a random id, the database what it means.

A session ends at logout, at its expiry, or when its account is disabled, whatever the
browser still holds. Only the id's SHA-256 is stored.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, insert, select

from jiesu.accounts.account import Account, account_of
from jiesu.accounts.store import AccountStore, token_digest
from jiesu.accounts.tables import accounts, sessions


def open_session(store: AccountStore, account: Account, max_age_s: int) -> str:
    """A new session of ``account``; its clear id goes into the (signed) cookie only."""
    sid = secrets.token_urlsafe(32)
    now = store.clock()
    with store.engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at < now))
        conn.execute(
            insert(sessions).values(
                sid_sha256=token_digest(sid),
                username=account.username,
                created_at=now,
                expires_at=now + timedelta(seconds=max_age_s),
            )
        )
    return sid


def session_account(store: AccountStore, sid: str | None) -> Account | None:
    """The enabled account of a live session, else None."""
    if not sid:
        return None
    query = (
        select(accounts)
        .join(sessions, sessions.c.username == accounts.c.username)
        .where(sessions.c.sid_sha256 == token_digest(sid))
        .where(sessions.c.expires_at > store.clock())
    )
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    account = account_of(row._mapping) if row is not None else None
    return account if account is not None and not account.disabled else None


def close_session(store: AccountStore, sid: str | None) -> None:
    if sid:
        with store.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.sid_sha256 == token_digest(sid)))
