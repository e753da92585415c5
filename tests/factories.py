"""Realistic events for tests: one of every type, with Chinese text and a real-looking phone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TypedDict

from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for

T0 = datetime(2026, 9, 30, 9, 30, tzinfo=UTC)
PETITION = petition_id_for("HOTLINE", "CALL-20260930-0001")
LOCATION = ev.Location(
    district="zd",
    street="zd.cz",
    community="zd.cz.cg",
    compound="zd.cz.cg.c01",
    grid="zd.cz.cg.c01.g1",
    address="张店区车站街道春光山色小区3号楼",
    lat=36.8131,
    lon=118.0548,
)


class Envelope(TypedDict):
    event_id: str
    petition_id: str
    event_time: datetime
    recorded_time: datetime
    actor: str
    correlation_id: str
    causation_id: str | None


def envelope(n: int, petition_id: str = PETITION, actor: str = "processor:test") -> Envelope:
    moment = T0 + timedelta(minutes=n)
    return {
        "event_id": derived_id("test", petition_id, str(n)),
        "petition_id": petition_id,
        "event_time": moment,
        "recorded_time": moment,
        "actor": actor,
        "correlation_id": petition_id,
        "causation_id": None if n == 0 else derived_id("test", petition_id, str(n - 1)),
    }


def received(petition_id: str = PETITION, n: int = 0) -> ev.PetitionReceived:
    return ev.PetitionReceived(
        **envelope(n, petition_id, "channel:hotline"),
        channel=ev.Channel.HOTLINE,
        channel_ref="CALL-20260930-0001",
        title="垃圾清运不及时",
        text="春光山色小区3号楼门口的垃圾桶满了两天没人清运，气味很大，请尽快处理。",
        category_hint="环境卫生",
        location=LOCATION,
        petitioner=ev.Petitioner(name="张三", phone="13812341234", key="k-13812341234"),
        photos=("https://example.org/p/1.jpg",),
        attributes={"垃圾类型": ("生活垃圾",)},
    )


def one_of_each(petition_id: str = PETITION) -> list[ev.Event]:
    """Every event type once, in a plausible lifecycle order."""
    deadline = T0 + timedelta(hours=24)
    whistle = derived_id("whistle", petition_id)
    unit = "compound:zd.cz.cg.c01"
    made: list[ev.Event] = [
        received(petition_id),
        ev.PetitionClassified(
            **envelope(1, petition_id),
            category="sanitation",
            sla_tier=ev.SlaTier.ORDINARY,
            keywords=("垃圾", "清运"),
            score=3.5,
            taxonomy_version="1",
        ),
        ev.PetitionRouted(
            **envelope(2, petition_id),
            unit=unit,
            level=ev.HandlingLevel.COMPOUND,
            rule="ordinary-compound",
            departments=("sanitation",),
            response_deadline=T0 + timedelta(hours=2),
            resolution_deadline=deadline,
        ),
        ev.PetitionAccepted(
            **envelope(3, petition_id, f"unit:{unit}"), unit=unit, handler="王网格员"
        ),
        ev.PetitionReturned(
            **envelope(4, petition_id, f"unit:{unit}"), unit=unit, reason="非本小区管辖"
        ),
        ev.PetitionEscalated(
            **envelope(5, petition_id),
            from_unit=unit,
            from_level=ev.HandlingLevel.COMPOUND,
            to_unit="street:zd.cz",
            to_level=ev.HandlingLevel.STREET,
            reason="sla_breach",
            response_deadline=deadline,
            resolution_deadline=deadline,
        ),
        ev.WhistleBlown(
            **envelope(6, petition_id),
            whistle_id=whistle,
            street="street:zd.cz",
            departments=("sanitation", "urban_management"),
            report_by=deadline,
            summary="环境卫生：垃圾桶满了两天没人清运",
            reason="street level",
        ),
        ev.DepartmentReported(
            **envelope(7, petition_id, "unit:dept:sanitation"),
            whistle_id=whistle,
            department="sanitation",
            note="已派车清运",
        ),
        ev.PetitionResolved(
            **envelope(8, petition_id), unit="street:zd.cz", result="垃圾已清运，增加清运频次"
        ),
        ev.FeedbackRecorded(
            **envelope(9, petition_id), satisfaction=ev.Satisfaction.SATISFIED, comment="处理很快"
        ),
        ev.PetitionReopened(**envelope(10, petition_id), reason="回访不满意", reopen_count=1),
        ev.PetitionClosed(
            **envelope(11, petition_id), satisfaction=ev.Satisfaction.SATISFIED, reason="满意"
        ),
        ev.SlaWarned(
            **envelope(12, petition_id),
            kind=ev.DeadlineKind.RESOLUTION,
            deadline=deadline,
            unit=unit,
            level=ev.HandlingLevel.COMPOUND,
        ),
        ev.SlaBreached(
            **envelope(13, petition_id),
            kind=ev.DeadlineKind.REPORT,
            deadline=deadline,
            unit="street:zd.cz",
            level=ev.HandlingLevel.STREET,
            department="urban_management",
        ),
        ev.PetitionsLinked(
            **envelope(14, petition_id),
            kind=ev.LinkKind.GROUP_CASE,
            group_id=derived_id("group", petition_id),
            petition_ids=(petition_id, PETITION),
            reason="同一企业退休职工工龄认定",
        ),
        ev.ClockTicked(**envelope(15, "", "ticker"), source="ticker"),
        ev.ActionRejected(
            **envelope(16, petition_id),
            action_event_id=derived_id("x"),
            action="PetitionResolved",
            status=ev.Status.CLOSED,
            reason="PetitionResolved not allowed when the petition is CLOSED",
        ),
    ]
    return made
