"""The read side of routing: the task order on the petition row, the category a channel
filed (Open311 reads it back until a dispatcher reclassifies), group cases as one line and
the hand-blown whistle on the list."""

from __future__ import annotations

from datetime import timedelta

from jiesu.config.city import load_city
from jiesu.config.policy import load_policy
from jiesu.domain import events as ev
from jiesu.domain.policy import Policy
from jiesu.settings import Settings
from producers.open311.catalog import load_services
from producers.open311.submit import RequestForm, received_from_open311
from producers.open311.views import request_fields
from projections.intake_reads import view_of
from projections.memory import MemoryStore, fold_events
from tests.unit.test_seed_stories import MORNING, act

CITY = load_city()
SERVICES = load_services(None)


def decided(policy: Policy, events: list[ev.Event]) -> list[ev.Event]:
    """Each event followed by what the policy decides on it (one petition)."""
    record, out = None, []
    for event in events:
        decision = policy.on_event(record, event, event.event_time)
        out += [event, *decision.events]
        record = decision.record
    return out


def filed(code: str, text: str) -> ev.PetitionReceived:
    form = RequestForm(service_code=code, description=text, address_id="zd.cz.cg.c01")
    service = SERVICES.get(code)
    assert service is not None
    return received_from_open311(form, service, {}, token="t-" + code, city=CITY,
                                 pii_key="k", now=MORNING)  # fmt: skip


def row_of(store: MemoryStore, petition_id: str) -> dict:
    return next(r for r in store.rows("petitions") if r["petition_id"] == petition_id)


def test_open311_reads_back_the_service_code_it_was_filed_under_until_reclassified() -> None:
    policy = load_policy(Settings())
    petition = filed("property", "小区门口有流动摊贩占道经营，把路都占了。")
    events = decided(policy, [petition])
    store = fold_events(events)
    row = row_of(store, petition.petition_id)

    assert (row["category"], row["category_source"]) == ("property", "channel")
    assert row["suggested_category"] == "urban_management"
    assert request_fields(view_of(row), {})["service_code"] == "property"

    change = act(ev.PetitionReclassified, petition, 7, MORNING + timedelta(hours=1),
                 category="urban_management", reason="摊位在马路上")  # fmt: skip
    store = fold_events(decided_after(policy, events, change), store)
    row = row_of(store, petition.petition_id)
    assert (row["category"], row["category_source"]) == ("urban_management", "dispatcher")
    assert request_fields(view_of(row), {})["service_code"] == "urban_management"
    assert row["unit"] == "dept:urban_management"
    assert row["route_reason"] == "重新分类：摊位在马路上"


def decided_after(policy: Policy, done: list[ev.Event], event: ev.Event) -> list[ev.Event]:
    record = None
    for old in done:
        record = policy.on_event(record, old, old.event_time).record or record
    return [event, *policy.on_event(record, event, event.event_time).events]


def test_the_petition_row_holds_the_task_order() -> None:
    policy = load_policy(Settings())
    petition = filed("property", "单元电梯隔三差五就停运，物业一直不修。")
    row = row_of(fold_events(decided(policy, [petition])), petition.petition_id)

    assert (row["unit"], row["co_handler"], row["route_rule"]) == (
        "community:zd.cz.cg",
        "property:yuegang",
        "property-community",
    )
    assert row["responsible_role"] in ("社区党委书记", "社区值班社工")
    assert row["target"] == "24小时内现场办成，答复诉求人"


def test_a_hand_blown_whistle_is_on_the_list_with_who_blew_it() -> None:
    policy = load_policy(Settings())
    petition = filed("greening", "小区的绿植缺了一大片，好几处还被人占绿种地。")
    request = act(ev.WhistleRequested, petition, 3, MORNING + timedelta(hours=1),
                  unit="community:zd.cz.cg", departments=("urban_management",),
                  reason="占绿种地，请街道安排城管")  # fmt: skip
    events = decided(policy, [petition])
    store = fold_events([*events, *decided_after(policy, events, request)])

    (whistle,) = store.rows("whistles")
    assert (whistle["blown_by"], whistle["open"], whistle["departments"]) == (
        "community:zd.cz.cg",
        True,
        1,
    )
    timeline = [r["event_type"] for r in store.rows("petition_timeline")]
    assert "WhistleRequested" in timeline
