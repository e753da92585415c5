"""A more serious tier is never due later than a less serious one received at the same
moment, over the whole 2026-2028 calendar (2026 published, 2027-2028 from the law), for the
first assignment and after an escalation, on the ordinary and the emergency channel; and a
unit always has to sign for a petition before it has to resolve it."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from jiesu.config.policy import load_sla
from jiesu.domain.events import SlaTier
from jiesu.domain.sla import deadlines
from jiesu.domain.workcalendar import CHINA
from tests.calendar_support import calendar_as_of_2026
from tests.hypothesis_budget import examples

ORDER = (SlaTier.MAJOR_RISK, SlaTier.ORDINARY, SlaTier.DIFFICULT, SlaTier.THORNY)
CALENDAR = calendar_as_of_2026()
SLA = load_sla()
INSTANTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31, 23, 59, 59)
).map(lambda naive: naive.replace(tzinfo=CHINA))


@settings(max_examples=examples(1500), deadline=None)
@given(start=INSTANTS, emergency=st.booleans(), escalated=st.booleans())
def test_tiers_are_due_in_order_of_seriousness_and_response_before_resolution(
    start: datetime, emergency: bool, escalated: bool
) -> None:
    due = [deadlines(SLA, CALENDAR, tier, emergency, start, escalated) for tier in ORDER]
    resolutions = [d.resolution for d in due]
    responses = [d.response for d in due]
    assert resolutions == sorted(resolutions), (start, emergency, escalated)
    assert responses == sorted(responses), (start, emergency, escalated)
    assert all(d.response <= d.resolution for d in due)
    assert all(d.resolution > start for d in due)


def test_the_evening_before_national_day_no_longer_gives_a_major_risk_a_week() -> None:
    evening = datetime(2026, 9, 30, 20, 0, tzinfo=CHINA)
    major = deadlines(SLA, CALENDAR, SlaTier.MAJOR_RISK, False, evening)
    ordinary = deadlines(SLA, CALENDAR, SlaTier.ORDINARY, False, evening)
    assert major.resolution <= ordinary.resolution
