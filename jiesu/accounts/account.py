"""One account as the services see it: who, under which role and scope, person or machine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from jiesu.domain.access import Role, Scope
from jiesu.domain.acting import Actor

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._\-]{1,63}$")


class Kind(StrEnum):
    PERSON = "person"
    MACHINE = "machine"


class AccountError(ValueError):
    """An account that cannot be made or changed as asked (the message says why)."""


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    scope: Scope
    kind: Kind = Kind.PERSON
    disabled: bool = False

    @property
    def role(self) -> Role:
        return self.scope.role

    def actor(self) -> Actor:
        """The account as the author of handler actions (its name goes into the log)."""
        return Actor(
            name=f"{self.username} ({self.display_name})",
            scope=self.scope,
            may_score=self.role is Role.CALLBACK,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role.value,
            "scope": self.scope.area,
            "kind": self.kind.value,
            "disabled": self.disabled,
        }


def account_of(row: Any) -> Account:
    return Account(
        username=row["username"],
        display_name=row["display_name"],
        scope=Scope(Role(row["role"]), row["scope"]),
        kind=Kind(row["kind"]),
        disabled=bool(row["disabled"]),
    )


def checked_username(name: str) -> str:
    if not USERNAME.match(name):
        raise AccountError(
            "a username is 2–64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit"
        )
    return name
