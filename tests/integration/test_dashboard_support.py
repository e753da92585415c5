"""A small city's day as an event log, and the real projector folding it into a database.

Shared by the dashboard's API tests and its browser test: events go through the real
Publisher to the real broker, and the projections' own projector folds them.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from jiesu.bus.publisher import Publisher
from jiesu.bus.reading import high_watermark
from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.settings import Settings
from schemas.codec import default_codec
from tests.conftest import topics_in

T0 = datetime(2026, 10, 12, 1, 0, tzinfo=UTC)  # 09:00 in Beijing, a Monday
HOUR = timedelta(hours=1)
SECRET_NAME = "李秘密"
SECRET_PHONE = "13812345678"
PHONE_IN_TEXT = "13987654321"
WHISTLE = derived_id("dashboard-test", "whistle")
GROUP = derived_id("dashboard-test", "group")


def pid(ref: str) -> str:
    return petition_id_for("HOTLINE", f"DASH-{ref}")


P1, P2, P3, P4, P5, P6, P7 = (pid(f"P{n}") for n in range(1, 8))


def env(petition: str, n: int, at: datetime, actor: str = "processor:test") -> dict[str, Any]:
    return {
        "event_id": derived_id("dashboard-test", petition, str(n)),
        "petition_id": petition,
        "event_time": at,
        "recorded_time": at,
        "actor": actor,
        "correlation_id": petition,
    }


def place(compound: str) -> ev.Location:
    street, community = compound.rsplit(".", 2)[0], compound.rsplit(".", 1)[0]
    return ev.Location(
        district=compound.split(".")[0], street=street, community=community, compound=compound
    )


def received(p: str, channel: ev.Channel, compound: str, at: datetime, text: str) -> ev.Event:
    return ev.PetitionReceived(
        **env(p, 0, at, f"channel:{channel.value.lower()}"),
        channel=channel,
        channel_ref=f"REF-{p[:8]}",
        title=text[:10],
        text=text,
        location=place(compound),
        petitioner=ev.Petitioner(name=SECRET_NAME, phone=SECRET_PHONE, key=f"k-{p[:6]}"),
    )


def classified(p: str, at: datetime, category: str, repeat_of: str | None = None) -> ev.Event:
    return ev.PetitionClassified(
        **env(p, 1, at), category=category, sla_tier=ev.SlaTier.ORDINARY, repeat_of=repeat_of
    )


def routed(p: str, at: datetime, unit: str, level: ev.HandlingLevel, *depts: str) -> ev.Event:
    return ev.PetitionRouted(
        **env(p, 2, at),
        unit=unit,
        level=level,
        rule="test",
        departments=depts,
        response_deadline=at + 2 * HOUR,
        resolution_deadline=at + 24 * HOUR,
    )


def handled(p: str, at: datetime, unit: str, score: ev.Satisfaction) -> list[ev.Event]:
    """Accepted at once, resolved within the day, called back with ``score``."""
    actor = f"unit:{unit}"
    return [
        ev.PetitionAccepted(**env(p, 3, at + HOUR / 2, actor), unit=unit),
        ev.PetitionResolved(**env(p, 4, at + 5 * HOUR, actor), unit=unit, result="已处理完毕"),
        ev.FeedbackRecorded(**env(p, 5, at + 6 * HOUR), satisfaction=score),
    ]


def lifecycle_of_p1() -> list[ev.Event]:
    unit = "compound:zd.cz.cg.c01"
    at = T0
    return [
        received(P1, ev.Channel.HOTLINE, "zd.cz.cg.c01", at, "小区门口垃圾桶满了两天没人清运"),
        classified(P1, at + timedelta(minutes=1), "sanitation"),
        routed(P1, at + timedelta(minutes=2), unit, ev.HandlingLevel.COMPOUND),
        *handled(P1, at, unit, ev.Satisfaction.SATISFIED),
        ev.PetitionClosed(
            **env(P1, 6, at + 7 * HOUR), satisfaction=ev.Satisfaction.SATISFIED, reason="满意"
        ),
    ]


def whistled_p2() -> list[ev.Event]:
    at = T0 + timedelta(minutes=10)
    depts = ("housing", "market_regulation")
    return [
        received(P2, ev.Channel.MINI_PROGRAM, "zd.cz.xh.c01", at, "电梯到期需要更换，物业不管"),
        classified(P2, at + timedelta(minutes=1), "property"),
        routed(P2, at + timedelta(minutes=2), "street:zd.cz", ev.HandlingLevel.STREET, *depts),
        ev.WhistleBlown(
            **env(P2, 3, at + timedelta(minutes=3)),
            whistle_id=WHISTLE,
            street="street:zd.cz",
            departments=depts,
            report_by=at + 4 * HOUR,
            summary="物业管理：电梯到期需要更换",
            reason="street level",
        ),
        ev.DepartmentReported(
            **env(P2, 4, at + HOUR, "unit:dept:housing"), whistle_id=WHISTLE, department="housing"
        ),
        ev.SlaBreached(
            **env(P2, 5, at + 4 * HOUR + timedelta(minutes=1)),
            kind=ev.DeadlineKind.REPORT,
            deadline=at + 4 * HOUR,
            unit="street:zd.cz",
            level=ev.HandlingLevel.STREET,
            department="market_regulation",
        ),
    ]


def breached_p3() -> list[ev.Event]:
    at = T0 + timedelta(minutes=20)
    unit = "grid:zd.ky.hjy.c01.g1"
    return [
        received(P3, ev.Channel.GRID_APP, "zd.ky.hjy.c01", at, "路边违章占道经营"),
        classified(P3, at + timedelta(minutes=1), "urban_management"),
        routed(P3, at + timedelta(minutes=2), unit, ev.HandlingLevel.GRID),
        ev.SlaBreached(
            **env(P3, 3, at + 3 * HOUR),
            kind=ev.DeadlineKind.RESPONSE,
            deadline=at + 2 * HOUR,
            unit=unit,
            level=ev.HandlingLevel.GRID,
        ),
    ]


def repeated_p4() -> list[ev.Event]:
    at = T0 + 8 * HOUR
    unit = "compound:zd.cz.cg.c01"
    return [
        received(P4, ev.Channel.WALK_IN, "zd.cz.cg.c01", at, "垃圾桶又满了还是没人清运"),
        classified(P4, at + timedelta(minutes=1), "sanitation", repeat_of=P1),
        routed(P4, at + timedelta(minutes=2), unit, ev.HandlingLevel.COMPOUND),
        *handled(P4, at, unit, ev.Satisfaction.UNSATISFIED),
        ev.PetitionReopened(**env(P4, 6, at + 7 * HOUR), reason="回访不满意", reopen_count=1),
    ]


def group_p5_p6() -> list[ev.Event]:
    made: list[ev.Event] = []
    for n, p in enumerate((P5, P6)):
        at = T0 + (9 + n) * HOUR
        made += [
            received(p, ev.Channel.OPEN311, "zd.ms.qy.c01", at, "退休职工工龄认定问题"),
            classified(p, at + timedelta(minutes=1), "civil_affairs"),
            ev.PetitionsLinked(
                **env(p, 2, T0 + 11 * HOUR),
                kind=ev.LinkKind.GROUP_CASE,
                group_id=GROUP,
                petition_ids=(P5, P6),
                reason="同一企业退休职工工龄认定",
                lead_petition_id=P6,
            ),
        ]
    return made


def phone_in_text_p7() -> list[ev.Event]:
    at = T0 + 12 * HOUR
    text = f"邻里噪音纠纷，请联系我{PHONE_IN_TEXT}"
    return [
        received(P7, ev.Channel.HOTLINE, "zd.cz.cg.c02", at, text),
        classified(P7, at + timedelta(minutes=1), "dispute"),
    ]


def scenario() -> list[ev.Event]:
    """Seven petitions: closed, whistled, breached, repeated and reopened, grouped, private."""
    return [
        *lifecycle_of_p1(),
        *whistled_p2(),
        *breached_p3(),
        *repeated_p4(),
        *group_p5_p6(),
        *phone_in_text_p7(),
    ]


def publish(settings: Settings, events: list[ev.Event]) -> None:
    publisher = Publisher(settings, default_codec(settings))
    try:
        for event in events:
            publisher.publish(event)
    finally:
        publisher.close()


def projected(settings: Settings, database_url: str, events: list[ev.Event]) -> Settings:
    """``settings`` on ``database_url``, once the real projector has folded ``events`` there."""
    settings = settings.model_copy(update={"database_url": database_url})
    publish(settings, events)
    with ProjectorThread(settings, database_url):
        wait_until_projected(settings, database_url)
    return settings


def projected_once(
    kafka_bootstrap: str, url: str, tmp: pytest.TempPathFactory, events: list[ev.Event]
) -> Settings:
    """:func:`projected` on topics of their own: a module's read model, built once for
    tests that only read it."""
    return projected(topics_in(kafka_bootstrap, tmp.mktemp("built")), url, events)


def get_json(client: Any, url: str) -> Any:
    """A dashboard API answer that must be a 200."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def wait_until_projected(settings: Settings, url: str, timeout_s: float = 60.0) -> None:
    """Block until the projector's stored positions reach every partition's high watermark."""
    from projections.models import Position

    topic = settings.petition_events_topic
    marks = {p: high_watermark(settings, topic, p) for p in range(settings.petition_partitions)}
    engine = create_engine(url)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            try:
                with engine.connect() as conn:
                    rows = conn.execute(
                        select(Position.partition, Position.next_offset).where(
                            Position.topic == topic
                        )
                    ).all()
            except (OperationalError, ProgrammingError):  # no schema yet
                time.sleep(0.2)
                continue
            stood: dict[int, int] = {}
            for partition, offset in rows:
                stood[partition] = min(offset, stood.get(partition, offset))
            if all(stood.get(p, 0) >= mark for p, mark in marks.items()):
                return
            time.sleep(0.1)
    finally:
        engine.dispose()
    raise TimeoutError(f"projector did not reach {marks} in {timeout_s}s")


class ProjectorThread:
    """The projections' own projector, run in a thread of the test process."""

    def __init__(self, settings: Settings, url: str) -> None:
        from projections.live import run_projector

        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=run_projector, args=(settings, url, 500, self.stop), daemon=True
        )

    def __enter__(self) -> ProjectorThread:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=15)


class ServedApp:
    """An app served by uvicorn on a free loopback port, in a thread (real HTTP, real SSE)."""

    def __init__(self, app: Any) -> None:
        import socket

        import uvicorn

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        # Served from a thread, uvicorn installs no signal handlers, so sse-starlette never
        # hears the shutdown and an open change feed would hold it: cut streams after 1 s.
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", timeout_graceful_shutdown=1
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServedApp:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise TimeoutError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def new_petition(
    ref: str, at: datetime, compound: str = "zd.cz.cn.c01"
) -> tuple[str, list[ev.Event]]:
    """A petition raised now: received and classified."""
    petition = pid(ref)
    text = "楼道灯坏了一周没人修"
    return petition, [
        received(petition, ev.Channel.HOTLINE, compound, at, text),
        classified(petition, at + timedelta(minutes=1), "property"),
    ]


def new_whistle(
    ref: str, at: datetime, compound: str = "zd.cz.cn.c01"
) -> tuple[str, list[ev.Event]]:
    """A petition that goes straight to the street office, which blows the whistle."""
    petition, made = new_petition(ref, at, compound)
    street, depts = "street:" + compound.rsplit(".", 2)[0], ("housing", "power")
    made += [
        routed(petition, at + timedelta(minutes=2), street, ev.HandlingLevel.STREET, *depts),
        ev.WhistleBlown(
            **env(petition, 3, at + timedelta(minutes=3)),
            whistle_id=derived_id("dashboard-test", "whistle", petition),
            street=street,
            departments=depts,
            report_by=at + 4 * HOUR,
            summary="物业管理：楼道灯坏了一周没人修",
            reason="street level",
        ),
    ]
    return petition, made
