"""Bulk upsert parameters are the values SQLAlchemy's own bind processors would send."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Dialect
from sqlalchemy.dialects import postgresql, sqlite

from projections.bulk import column_values, plan_for
from projections.models_side import Base
from tests.hypothesis_budget import examples

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.psycopg.dialect()}
ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=8))])
MOMENTS = st.datetimes(
    min_value=datetime(1, 1, 1),
    max_value=datetime(9999, 12, 31),
    timezones=ZONES,  # type: ignore[arg-type]
)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "DateTime": MOMENTS,
    "Boolean": st.booleans() | st.sampled_from([0, 1]),
    "Float": st.floats(allow_nan=False) | st.integers(-(10**6), 10**6),
    "Integer": st.integers(-(2**31), 2**31 - 1),
    "BigInteger": st.integers(-(2**62), 2**62),
}


def row_of(table: str) -> st.SearchStrategy[dict[str, Any]]:
    columns = Base.metadata.tables[table].columns
    return st.fixed_dictionaries(
        {
            c.name: st.none() | VALUES.get(type(c.type).__name__, st.text(max_size=20))
            for c in columns
        }
    )


def by_sqlalchemy(dialect: Dialect, table: str, row: dict[str, Any]) -> tuple[Any, ...]:
    values = []
    for column in Base.metadata.tables[table].columns:
        processor = column.type.dialect_impl(dialect).bind_processor(dialect)
        values.append(processor(row[column.name]) if processor else row[column.name])
    return tuple(values)


@pytest.mark.parametrize("dialect", DIALECTS, ids=str)
@pytest.mark.parametrize("table", ["petitions", "petition_timeline", "daily_stats", "whistles"])
@settings(max_examples=examples(60), deadline=None)
@given(data=st.data())
def test_parameters_equal_sqlalchemy_s_processed_values(dialect: str, table: str, data) -> None:
    row = data.draw(row_of(table))
    plan = plan_for(DIALECTS[dialect], table)
    got = plan.converted(column_values(table)(row))
    expected = by_sqlalchemy(DIALECTS[dialect], table, row)
    assert got == expected
    assert [stored_type(v) for v in got] == [stored_type(v) for v in expected]


def stored_type(value: Any) -> type:
    """The type a driver stores: a bool is SQLite's integer 0 or 1 (what SQLAlchemy sends)."""
    return int if type(value) is bool else type(value)


def test_equal_times_in_different_zones_keep_their_own_wall_clocks() -> None:
    utc_time = datetime(2026, 8, 31, 16, 35, 36, tzinfo=UTC)
    same_instant = utc_time.astimezone(timezone(timedelta(hours=8)))
    columns = Base.metadata.tables["petition_timeline"].columns
    row: dict[str, Any] = dict.fromkeys((c.name for c in columns), "x")
    row |= {"event_time": utc_time, "recorded_time": same_instant}
    dialect = DIALECTS["sqlite"]
    got = plan_for(dialect, "petition_timeline").converted(column_values("petition_timeline")(row))
    assert got == by_sqlalchemy(dialect, "petition_timeline", row)
    assert "2026-08-31 16:35:36.000000" in got
    assert "2026-09-01 00:35:36.000000" in got
