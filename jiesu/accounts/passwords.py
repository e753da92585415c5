"""Passwords hashed with Argon2id (``argon2-cffi``, the reference implementation's binding).

The library's defaults follow RFC 9106's second recommendation; a hash made with older
parameters is upgraded at the next successful login (:func:`needs_rehash`).
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
_HASHER = PasswordHasher()


@cache
def _dummy() -> str:
    """Made at the first login rather than at import: an Argon2id hash costs a third of a
    second of CPU, and every deployable imports this module while it boots."""
    return _HASHER.hash("a password nobody has")


class WeakPassword(ValueError):
    """A password too short to keep a guesser out."""


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    return _HASHER.hash(password)


def verify(stored: str | None, password: str) -> bool:
    """True when ``password`` matches; an unknown account costs the same time (a dummy
    hash is checked), so timing does not tell which usernames exist."""
    try:
        return _HASHER.verify(stored or _dummy(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
