"""What every query shares: pages, time, rates and the redaction of free text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from jiesu.domain.redaction import redact_text
from jiesu.domain.whistle import excerpt
from projections.models import Petition, Position


@dataclass(frozen=True)
class Page:
    """Which slice of a list: ``limit`` rows from ``offset``."""

    limit: int = 50
    offset: int = 0


def utc(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive: they are UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso(moment: datetime | None) -> str | None:
    value = utc(moment)
    return value.isoformat() if value is not None else None


def now_of(conn: Connection) -> datetime | None:
    """The read model's "now": the latest event time it has applied (never the wall clock)."""
    moments = [
        conn.execute(select(func.max(Position.now))).scalar(),
        conn.execute(select(func.max(Petition.updated_at))).scalar(),
    ]
    known = [utc(m) for m in moments if m is not None]
    return max(m for m in known if m is not None) if known else None


def rate(name: str, numerator: int, denominator: int, definition: str) -> dict[str, Any]:
    """A rate with its parts and its definition (None when nothing was counted)."""
    return {
        "name": name,
        "value": numerator / denominator if denominator else None,
        "numerator": numerator,
        "denominator": denominator,
        "definition": definition,
    }


def redact(text: str | None) -> str | None:
    """Free text as typed by a citizen may hold a phone or id number: masked by the one rule
    (:func:`jiesu.domain.redaction.redact_text`) again on the way out, so rows written before
    the projector redacted them show nothing personal either."""
    return redact_text(text)


def headline(title: str | None, text: str | None) -> str:
    """What a list shows a petition by: its title, or for one without (most hotline orders)
    the start of its text, as the whistle list shows it; masked like any free text."""
    return redact(title) or excerpt(redact(text) or "")


def paged(items: list[dict[str, Any]], total: int, page: Page) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": page.limit, "offset": page.offset}
