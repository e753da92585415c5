"""The reporting vocabulary, said once: which statuses are still open, what "on time" compares,
and the display names of the codes every page shows.

**Done** is RESOLVED or CLOSED: the unit has handled the petition (已办理) and, for CLOSED, the
petitioner was called back or could not be (已办结). A done petition leaves the backlog, counts
as resolved, and is ``closed`` in Open311 (GeoReport v2 has only ``open`` and ``closed``);
a re-opened one (REOPENED) is open again everywhere. The dashboard, the rates and Open311 all
read :func:`is_done`, so a petition awaiting its call-back is not open in one place and done
in another.

**On time** is one comparison: a moment *meets* a deadline when it comes before it
(:func:`meets`); a clock is *overdue* from its due instant on (:func:`overdue`, the stream
breaches it then), so a resolution at the due instant itself is late. The projections, the
SQL counters and the stream's breach check all use this pair.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, overload

from jiesu.domain.codes import Channel, HandlingLevel, Satisfaction, SlaTier, Status
from jiesu.domain.sla import Allowance, Limit, SlaConfig

DONE: frozenset[Status] = frozenset({Status.RESOLVED, Status.CLOSED})
DONE_VALUES: tuple[str, ...] = tuple(sorted(s.value for s in DONE))
"""The done statuses as the read models store them (for SQL ``IN``)."""


def is_done(status: Status | str | None) -> bool:
    """Whether a petition in ``status`` has been handled (left the backlog)."""
    return status is not None and str(status) in DONE_VALUES


def is_open(status: Status | str | None) -> bool:
    """Whether a petition in ``status`` is still being worked on (the complement of done)."""
    return not is_done(status)


@overload
def meets(moment: datetime, deadline: datetime) -> bool: ...
@overload
def meets(moment: Any, deadline: Any) -> Any: ...
def meets(moment: Any, deadline: Any) -> Any:
    """Whether ``moment`` met ``deadline``: strictly before it (at the due instant the clock
    is breached). Works on datetimes and on SQL columns alike (the same operator)."""
    return moment < deadline


def overdue(now: datetime, due: datetime) -> bool:
    """Whether a clock due at ``due`` is breached at ``now`` (the complement of :func:`meets`)."""
    return not meets(now, due)


def report_state(
    reported: bool, breached: bool, whistle_open: bool, now: datetime | None, due: datetime | None
) -> str:
    """A summoned department's 报到: ``reported``; ``overdue`` when the processors breached it
    or, its whistle still open, its report-by time has passed by ``now``; ``ended`` when its
    whistle ended before that (nothing is asked of it any more); else ``pending``."""
    if reported:
        return "reported"
    passed = now is not None and due is not None and overdue(now, due)
    if breached or (whistle_open and passed):
        return "overdue"
    return "pending" if whistle_open else "ended"


REPORT_LABELS: dict[str, str] = {
    "reported": "已报到",
    "overdue": "逾期未报到",
    "pending": "待报到",
    "ended": "无需报到",
}
STATUS_LABELS: dict[str, str] = {
    Status.RECEIVED: "已受理",
    Status.CLASSIFIED: "已研判",
    Status.ROUTED: "已派单",
    Status.ACCEPTED: "已签收",
    Status.RETURNED: "已退回",
    Status.RESOLVED: "已办理",
    Status.REOPENED: "重新办理",
    Status.CLOSED: "已办结",
    Status.UNKNOWN: "未知",
}
LEVEL_LABELS: dict[str, str] = {
    HandlingLevel.GRID: "网格",
    HandlingLevel.COMPOUND: "小区",
    HandlingLevel.COMMUNITY: "社区",
    HandlingLevel.STREET: "街道",
    HandlingLevel.DISTRICT: "区",
    HandlingLevel.DEPARTMENT: "职能部门",
    HandlingLevel.UNKNOWN: "未知",
}
SATISFACTION_LABELS: dict[str, str] = {
    Satisfaction.SATISFIED: "满意",
    Satisfaction.BASICALLY_SATISFIED: "基本满意",
    Satisfaction.UNSATISFIED: "不满意",
    Satisfaction.UNKNOWN: "未评价",
}
TIER_NAMES: dict[SlaTier, str] = {
    SlaTier.ORDINARY: "一般",
    SlaTier.DIFFICULT: "疑难",
    SlaTier.THORNY: "复杂",
    SlaTier.MAJOR_RISK: "重大风险",
}
_TIER_NOTES = {SlaTier.MAJOR_RISK: "提级"}


def allowance_text(allowance: Allowance) -> str:
    """'24小时', '3个工作日', '30分钟'."""
    if allowance.working:
        return f"{allowance.working_days}个工作日"
    minutes = allowance.minutes
    if minutes % 60 == 0:
        return f"{int(minutes // 60)}小时"
    return f"{minutes:g}分钟"


def limit_text(limit: Limit) -> str:
    """A limit of several allowances is met by the first: '1个工作日或24小时（先到为准）'."""
    texts = [allowance_text(a) for a in limit.allowances]
    return texts[0] if len(texts) == 1 else "或".join(texts) + "（先到为准）"


def sla_texts(config: SlaConfig) -> dict[str, str]:
    """Each tier's resolution time as the configuration gives it (the pages' SLA texts)."""
    return {tier.value: limit_text(config.tier(tier).resolution) for tier in TIER_NAMES}


def tier_labels(config: SlaConfig) -> dict[str, str]:
    """'一般（24小时）', '重大风险（提级，…）': tier names and the configured times."""
    texts = sla_texts(config)
    labels = {}
    for tier, name in TIER_NAMES.items():
        note = _TIER_NOTES.get(tier)
        labels[tier.value] = f"{name}（{note + '，' if note else ''}{texts[tier.value]}）"
    labels[SlaTier.UNKNOWN.value] = "未知"
    return labels


def vocabulary(config: SlaConfig, channels: dict[str, str]) -> dict[str, dict[str, str]]:
    """Every code → label table a page shows, ``channels`` from the channel registry."""
    return {
        "channel": {**channels, Channel.UNKNOWN.value: "未知"},
        "status": {str(k): v for k, v in STATUS_LABELS.items()},
        "level": {str(k): v for k, v in LEVEL_LABELS.items()},
        "tier": tier_labels(config),
        "satisfaction": {str(k): v for k, v in SATISFACTION_LABELS.items()},
        "report": REPORT_LABELS,
        "sla": sla_texts(config),
    }
