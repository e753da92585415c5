"""`jiesu projections dump`: every read model as canonical JSON, to compare two databases.

Rows are sorted by primary key, datetimes written as UTC ISO-8601, and bookkeeping left out
(positions, the outbox, a timeline entry's log coordinates), so a replayed database and a
live one holding the same events dump to the same bytes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select

from projections.models_side import Base
from projections.store import engine_for
from projections.wiring import PROJECTIONS, tables_of

BOOKKEEPING = {"petition_timeline": {"log_partition", "log_offset"}}


def dump(url: str) -> dict[str, list[dict[str, Any]]]:
    """``{table: [row, ...]}`` of every read model present at ``url``."""
    engine = engine_for(url)
    present = set(inspect(engine).get_table_names())
    out: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for name in sorted(tables_of(set(PROJECTIONS))):
            if name not in present:
                continue
            table = Base.metadata.tables[name]
            hidden = BOOKKEEPING.get(name, set())
            stmt = select(table).order_by(*table.primary_key.columns)
            out[name] = [
                {k: canonical(v) for k, v in row.items() if k not in hidden}
                for row in conn.execute(stmt).mappings()
            ]
    return out


def canonical(value: Any) -> Any:
    """One spelling per value: UTC ISO datetimes (SQLite's naive ones are UTC)."""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.isoformat()
    return value


def dump_json(url: str) -> str:
    return json.dumps(dump(url), ensure_ascii=False, sort_keys=True, indent=1)
