"""The projections' ``petitions`` table, read for the intake (state checks, Open311 answers).

The table belongs to the projections (:class:`projections.models.Petition`); the intake only
reads it, through the :class:`jiesu.domain.readmodel.ReadModel` interface this implements, and
until the projector has created it every petition is simply unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Table, inspect, select

from jiesu.domain.access import departments_of
from jiesu.domain.ladder import AREA_FIELDS
from jiesu.domain.readmodel import PetitionView, RequestQuery
from jiesu.domain.reporting import DONE_VALUES
from jiesu.settings import Settings
from projections.fold import state_of
from projections.models import Petition
from projections.pointer import EngineSwitch, ReadModelPointer

TABLE: Table = Petition.__table__  # type: ignore[assignment]
_AREAS = AREA_FIELDS


class SqlReadModel:
    """Queries on the ``petitions`` table."""

    def __init__(self, engines: EngineSwitch) -> None:
        self.engines = engines
        self._exists = False

    @property
    def engine(self) -> Engine:
        """The read-model database in force now (it follows a blue/green switch)."""
        return self.engines.current()

    def _petitions(self) -> Table | None:
        if not self._exists:
            self._exists = inspect(self.engine).has_table(TABLE.name)
        return TABLE if self._exists else None

    def petition(self, petition_id: str) -> PetitionView | None:
        table = self._petitions()
        if table is None:
            return None
        with self.engine.connect() as conn:
            query = select(table).where(table.c.petition_id == petition_id)
            row = conn.execute(query).mappings().first()
        return view_of(row) if row is not None else None

    def search(self, query: RequestQuery) -> list[PetitionView]:
        table = self._petitions()
        if table is None:
            return []
        stmt = select(table)
        if query.ids:
            stmt = stmt.where(table.c.petition_id.in_(query.ids))
        else:
            stmt = _filtered(stmt, table, query)
        stmt = stmt.order_by(table.c.received_at.desc()).limit(query.limit)
        with self.engine.connect() as conn:
            return [view_of(row) for row in conn.execute(stmt).mappings()]


def intake_read_model(settings: Settings, engine: Engine | None = None) -> SqlReadModel:
    """The petitions read model: a given engine, else the blue/green pointer's database."""
    return SqlReadModel(
        EngineSwitch(None, engine) if engine else EngineSwitch(ReadModelPointer(settings))
    )


def _filtered(stmt: Any, table: Table, query: RequestQuery) -> Any:
    if query.service_codes:
        stmt = stmt.where(table.c.category.in_(query.service_codes))
    if query.start is not None:
        stmt = stmt.where(table.c.received_at >= query.start.astimezone(UTC))
    if query.end is not None:
        stmt = stmt.where(table.c.received_at <= query.end.astimezone(UTC))
    if query.closed is True:
        stmt = stmt.where(table.c.status.in_(DONE_VALUES))
    elif query.closed is False:
        stmt = stmt.where(table.c.status.not_in(DONE_VALUES))
    return stmt


def view_of(row: Mapping[Any, Any]) -> PetitionView:
    """One row as the intake's view of a petition."""
    state = state_of(dict(row))
    return PetitionView(
        petition_id=row["petition_id"],
        state=state,
        version=str(row.get("last_event_id") or row.get("updated_at") or ""),
        channel=row.get("channel"),
        channel_ref=row.get("channel_ref"),
        category=row.get("category"),
        description=row.get("text"),
        address=row.get("address"),
        area=next((row[k] for k in _AREAS if row.get(k)), None),
        lat=row.get("lat"),
        lon=row.get("lon"),
        agency=row.get("unit"),
        status_notes=row.get("result"),
        received_at=_aware(row.get("received_at")),
        updated_at=_aware(row.get("updated_at")),
        closed_at=_aware(row.get("closed_at")),
        expected_at=_aware(row.get("resolution_deadline")),
        district=row.get("district"),
        street=row.get("street"),
        community=row.get("community"),
        departments=departments_of(row.get("departments"), row.get("pending_departments")),
    )


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; the projections store them as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
