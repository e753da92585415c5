"""A recorded day of petitions: receipts, handlers' actions and clock ticks (no tests here)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

from jiesu.config.policy import load_policy
from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.policy import Policy
from jiesu.settings import Settings
from tests.factories import T0
from tests.integration.test_streams_support import LogReader, Record, decided, publish

TEXTS = (
    ("环境卫生", "小区门口的垃圾桶满了两天没人清运，气味很大。"),
    ("物业管理", "电梯经常停运，物业一直不来维修，老人上下楼很困难。"),
    ("城市管理", "路边有人占道经营，晚上烧烤油烟很大。"),
    ("园林绿化", "楼下的大树被风刮倒压在车棚上，请尽快处理。"),
)
COMPOUNDS = ("zd.cz.cg.c01", "zd.cz.cg.c02", "zd.cz.xh.c02", "zd.cz.cn.c01", "zd.cz.cg.c05")


def petition(n: int, tag: str = "S") -> ev.PetitionReceived:
    """The n-th petition of a test: its own caller, one of a few compounds and matters."""
    ref = f"{tag}-{n:05d}"
    petition_id = petition_id_for("HOTLINE", ref)
    moment = T0 + timedelta(minutes=n)
    hint, text = TEXTS[n % len(TEXTS)]
    compound = COMPOUNDS[n % len(COMPOUNDS)]
    district, street, community, _ = compound.split(".")
    return ev.PetitionReceived(
        event_id=derived_id("received", petition_id),
        petition_id=petition_id,
        event_time=moment,
        recorded_time=moment,
        actor="channel:hotline",
        correlation_id=petition_id,
        channel=ev.Channel.HOTLINE,
        channel_ref=ref,
        text=text,
        category_hint=hint,
        location=ev.Location(
            district=district,
            street=f"{district}.{street}",
            community=f"{district}.{street}.{community}",
            compound=compound,
            grid=f"{compound}.g1",
        ),
        petitioner=ev.Petitioner(phone=f"138{n:08d}", key=f"caller-{tag}-{n}"),
    )


def tick(hours: float) -> ev.ClockTicked:
    moment = T0 + timedelta(hours=hours)
    event_id = derived_id("test-tick", moment.isoformat())
    return ev.ClockTicked(
        event_id=event_id,
        petition_id="",
        event_time=moment,
        recorded_time=moment,
        actor="ticker",
        correlation_id=event_id,
        source="test",
    )


E = TypeVar("E", bound=ev.Event)
TICK_HOURS = (0.5, 2, 6, 20, 30, 50, 80, 200)


def routed_unit(policy: Policy, received: ev.PetitionReceived) -> str:
    """The unit the real policy routes ``received`` to (handlers act as that unit)."""
    decision = policy.on_event(None, received, received.event_time)
    return next(e.unit for e in decision.events if isinstance(e, ev.PetitionRouted))


def action(kind: type[E], received: ev.PetitionReceived, minutes: int, **fields: Any) -> E:
    moment = received.event_time + timedelta(minutes=minutes)
    return kind(
        event_id=derived_id("action", received.petition_id, kind.__name__, str(minutes)),
        petition_id=received.petition_id,
        event_time=moment,
        recorded_time=moment,
        actor="unit:test",
        correlation_id=received.correlation_id,
        **fields,
    )


def handling(received: ev.PetitionReceived, n: int, unit: str) -> list[ev.Event]:
    """What handlers do with the n-th petition: five patterns, all in the recorded log."""
    accepted = action(ev.PetitionAccepted, received, 10, unit=unit, handler="网格员")
    resolved = action(ev.PetitionResolved, received, 120, unit=unit, result="已处理")
    pattern = n % 5
    if pattern == 0:
        happy = ev.Satisfaction.SATISFIED
        return [accepted, resolved, action(ev.FeedbackRecorded, received, 180, satisfaction=happy)]
    if pattern == 1:
        return [accepted]
    if pattern == 3:
        return [replace(accepted, unit="grid:nowhere")]
    if pattern == 4:
        sad = ev.Satisfaction.UNSATISFIED
        return [accepted, resolved, action(ev.FeedbackRecorded, received, 180, satisfaction=sad)]
    return []


def recorded_log(settings: Settings, count: int, tag: str) -> list[ev.Event]:
    """``count`` petitions and their handling, in event-time order."""
    policy = load_policy(settings)
    log: list[ev.Event] = []
    for n in range(count):
        received = petition(n, tag)
        log += [received, *handling(received, n, routed_unit(policy, received))]
    return sorted(log, key=lambda e: e.event_time)


def ticks() -> list[ev.ClockTicked]:
    return [tick(hours) for hours in TICK_HOURS]


def run_to_the_end(
    settings: Settings, reader: LogReader, petitions: int, quiet_s: float = 2.0
) -> list[Record]:
    """A worker's decisions of ``petitions`` recorded petitions, then of :func:`ticks`
    (published once the first settled), once each has settled."""
    reader.wait_until(decided(petitions), timeout_s=120)
    reader.settle(quiet_s=quiet_s)
    publish(settings, ticks())
    reader.wait_until(decided(petitions, len(ticks())), timeout_s=90)
    return reader.settle(quiet_s=quiet_s)


def both_to_the_end(
    runs: Sequence[tuple[Settings, LogReader]], petitions: int, quiet_s: float = 2.0
) -> list[list[Record]]:
    """:func:`run_to_the_end` for several runs at once: their quiet waits overlap."""
    with ThreadPoolExecutor(len(runs)) as pool:
        done = [pool.submit(run_to_the_end, s, r, petitions, quiet_s) for s, r in runs]
        return [d.result() for d in done]
