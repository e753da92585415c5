"""Accounts in ``DATABASE_URL``: made, listed, disabled, and checked at login.

Passwords are Argon2id hashes; machine tokens are random (256 bits) and kept as SHA-256,
which is enough for secrets nobody chose; neither is ever stored or logged in clear.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from jiesu.accounts import passwords
from jiesu.accounts.account import Account, AccountError, Kind, account_of, checked_username
from jiesu.accounts.tables import accounts, metadata, sessions
from jiesu.domain.access import Scope
from jiesu.tables import create_tables

TOKEN_PREFIX = "jsu_"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountStore:
    """The accounts table and its sessions, on one engine."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] | None = None) -> None:
        self.engine = engine
        self.clock = clock or (lambda: datetime.now(UTC))
        create_tables(metadata, engine)

    def add(
        self,
        username: str,
        display_name: str,
        scope: Scope,
        *,
        password: str | None = None,
        machine: bool = False,
        oidc_subject: str | None = None,
    ) -> str | None:
        """Create an account; a machine gets a token, returned here once (None otherwise)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32) if machine else None
        row = {
            "username": checked_username(username),
            "display_name": display_name.strip() or username,
            "role": scope.role.value,
            "scope": scope.area,
            "kind": (Kind.MACHINE if machine else Kind.PERSON).value,
            "password_hash": passwords.hash_password(password) if password else None,
            "token_sha256": token_digest(token) if token else None,
            "oidc_subject": oidc_subject,
            "disabled": False,
            "created_at": self.clock(),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(accounts).values(**row))
        except IntegrityError:
            raise AccountError(f"account {username} (or its sign-on subject) exists") from None
        return token

    def get(self, username: str) -> Account | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.username == username)).first()
        return account_of(row._mapping) if row is not None else None

    def listing(self) -> list[Account]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(accounts).order_by(accounts.c.username)).mappings()
            return [account_of(row) for row in rows]

    def disable(self, username: str) -> None:
        """Disable the account and end its sessions; its token stops working at once."""
        with self.engine.begin() as conn:
            done = conn.execute(
                update(accounts)
                .where(accounts.c.username == username)
                .values(disabled=True, disabled_at=self.clock())
            )
            if done.rowcount == 0:
                raise AccountError(f"no account {username}")
            conn.execute(sessions.delete().where(sessions.c.username == username))

    def set_password(self, username: str, password: str) -> None:
        """A new password for a person's account (it stays as enabled as it was)."""
        with self.engine.begin() as conn:
            done = conn.execute(
                update(accounts)
                .where(accounts.c.username == username, accounts.c.kind == Kind.PERSON.value)
                .values(password_hash=passwords.hash_password(password))
            )
        if done.rowcount == 0:
            raise AccountError(f"no person account {username}")

    def authenticate(self, username: str, password: str) -> Account | None:
        """The enabled person account with this password, else None (same time either way)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.username == username)).first()
        stored = row._mapping["password_hash"] if row is not None else None
        if not passwords.verify(stored, password) or row is None:
            return None
        account = account_of(row._mapping)
        if account.disabled or account.kind is not Kind.PERSON:
            return None
        if stored and passwords.needs_rehash(stored):
            self._set_hash(username, passwords.hash_password(password))
        return account

    def by_token(self, token: str | None) -> Account | None:
        """The enabled machine account holding ``token``."""
        if not token or not token.startswith(TOKEN_PREFIX):
            return None
        query = select(accounts).where(accounts.c.token_sha256 == token_digest(token))
        return self._enabled(query)

    def by_subject(self, subject: str, username: str | None) -> Account | None:
        """The enabled person account of a single sign-on user: by subject, else a
        password-less account named ``username`` (a password account is never taken over)."""
        found = self._enabled(select(accounts).where(accounts.c.oidc_subject == subject))
        if found is None and username:
            query = select(accounts).where(
                accounts.c.username == username,
                accounts.c.oidc_subject.is_(None),
                accounts.c.password_hash.is_(None),
            )
            found = self._enabled(query)
        return found if found is not None and found.kind is Kind.PERSON else None

    def _enabled(self, query: object) -> Account | None:
        with self.engine.connect() as conn:
            row = conn.execute(query).first()  # type: ignore[call-overload]
        account = account_of(row._mapping) if row is not None else None
        return account if account is not None and not account.disabled else None

    def _set_hash(self, username: str, stored: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(accounts).where(accounts.c.username == username).values(password_hash=stored)
            )
