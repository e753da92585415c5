"""Refusing to start with development secrets, as Django refuses without ``SECRET_KEY``.

Every deployable that needs a secret asks :func:`require_secrets` before it serves. Outside
development (``JIESU_DEVELOPMENT``, which `jiesu demo` sets for its children) a missing,
short or well-known secret stops the service with the variable to set and how to make one.
"""

from __future__ import annotations

import logging

from jiesu.config import ConfigError
from jiesu.settings import DEVELOPMENT_PII_KEY, Settings

log = logging.getLogger(__name__)
MIN_LENGTH = 32
MAKE_ONE = (
    "Make one with `jiesu secret` "
    "(or: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
)
_WHY = {
    "pii_key": (
        "JIESU_PII_KEY",
        "the key of the petitioners' keyed hashes (repeat petitioners are found with it; "
        "keep it in your secret store and never change it, or repeats are no longer found)",
    ),
    "session_secret": (
        "JIESU_SESSION_SECRET",
        "the key that signs the dashboard's session cookies (the same on every dashboard "
        "replica; changing it logs everybody out)",
    ),
}


def require_secrets(settings: Settings, *names: str) -> None:
    """Raise :class:`ConfigError` naming each secret that is not a real one."""
    if settings.development:
        log.warning("development mode: development secrets allowed (never in production)")
        return
    problems = [_problem(name, getattr(settings, name)) for name in names]
    found = [p for p in problems if p]
    if found:
        raise ConfigError("; ".join(found) + f". {MAKE_ONE}")


def _problem(name: str, value: str | None) -> str | None:
    variable, why = _WHY[name]
    if not value or value == DEVELOPMENT_PII_KEY:
        return f"{variable} is not set: {why}"
    if len(value) < MIN_LENGTH:
        return f"{variable} is too short (at least {MIN_LENGTH} characters)"
    return None
