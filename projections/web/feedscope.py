"""Which changes a viewer of the change stream may be told of: those of its scope only.

A change names its row; a petition's row carries its street, community, unit and
departments, so the domain's rules (:mod:`jiesu.domain.access`) decide from it. Rows that
only name a petition (timeline entries, whistles, links, repeats, breaches) are judged by
their petition, whose facts are remembered from its own changes or read from the database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy import select

from jiesu.domain.access import (
    PetitionFacts,
    Role,
    Scope,
    departments_of,
    may_see,
    sees_unit,
)
from projections.models import Petition
from projections.models_side import Whistle
from projections.pointer import EngineSwitch

REMEMBERED = 50_000


def facts_of(row: dict[str, Any]) -> PetitionFacts:
    return PetitionFacts(
        street=row.get("street"),
        community=row.get("community"),
        unit=row.get("unit"),
        departments=departments_of(row.get("departments"), row.get("pending_departments")),
    )


class FeedScope:
    """Petition facts and whistles' petitions, learnt from the stream, for its filters."""

    def __init__(self, engines: EngineSwitch) -> None:
        self.engines = engines
        self._facts: OrderedDict[str, PetitionFacts] = OrderedDict()
        self._whistles: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def learn(self, change: dict[str, Any]) -> None:
        data = change.get("data")
        if not isinstance(data, dict):
            return
        if change.get("entity") == "petition" and isinstance(data.get("petition_id"), str):
            self._remember(self._facts, data["petition_id"], facts_of(data))
        if change.get("entity") == "whistle" and isinstance(data.get("petition_id"), str):
            self._remember(self._whistles, str(data.get("whistle_id")), data["petition_id"])

    def visible(self, scope: Scope, change: dict[str, Any]) -> bool:
        """Whether ``scope`` may learn of ``change`` (blocking: run it off the event loop)."""
        if scope.role in (Role.CITY, Role.CALLBACK):
            return True
        data = change.get("data") if isinstance(change.get("data"), dict) else {}
        assert isinstance(data, dict)
        entity = change.get("entity")
        if entity == "stats":
            return scope.role is not Role.DEPARTMENT and _stats_visible(scope, data)
        if entity == "scorecard":
            return sees_unit(scope, data.get("unit"))
        if entity == "whistle_department" and data.get("department") == scope.area:
            return True
        petition_id = data.get("petition_id") or self._petition_of(data.get("whistle_id"))
        facts = self._facts_for(petition_id) if isinstance(petition_id, str) else None
        return facts is not None and may_see(scope, facts)

    def _facts_for(self, petition_id: str) -> PetitionFacts | None:
        with self._lock:
            known = self._facts.get(petition_id)
        if known is not None:
            return known
        query = select(Petition.__table__).where(Petition.petition_id == petition_id)
        with self.engines.current().connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            return None
        return self._remember(self._facts, petition_id, facts_of(dict(row)))

    def _petition_of(self, whistle_id: object) -> str | None:
        if not isinstance(whistle_id, str):
            return None
        with self._lock:
            known = self._whistles.get(whistle_id)
        if known is not None:
            return known
        query = select(Whistle.petition_id).where(Whistle.whistle_id == whistle_id)
        with self.engines.current().connect() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else self._remember(self._whistles, whistle_id, found)

    def _remember(self, memory: OrderedDict[str, Any], key: str, value: Any) -> Any:
        with self._lock:
            memory[key] = value
            memory.move_to_end(key)
            while len(memory) > REMEMBERED:
                memory.popitem(last=False)
        return value


def _stats_visible(scope: Scope, data: dict[str, Any]) -> bool:
    key = "street" if scope.role is Role.STREET else "community"
    return data.get(key) == scope.area
