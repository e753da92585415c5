"""The rates of 12345 practice, each defined once: what is counted, over what, and the
definition a page shows beside the figure. Read models count the parts; this module says
what they mean and divides.

A petition is **on time** only against the *first* resolution deadline it was given, and
only if no deadline of any kind was ever breached on it: an escalation or a re-route gives a
new unit a fresh deadline, but it cannot make a late petition punctual again. A petition
closed as 无法回访 (nobody could be called back) counts as resolved, and neither as satisfied
nor as unsatisfied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from jiesu.domain.reporting import meets


@dataclass(frozen=True)
class Rate:
    """``numerator`` ÷ the sum of ``denominator``, both names of counters."""

    key: str
    name: str
    numerator: str
    denominator: tuple[str, ...]
    definition: str

    def parts(self, counters: Mapping[str, int]) -> tuple[int, int]:
        whole = sum(int(counters.get(part, 0)) for part in self.denominator)
        return int(counters.get(self.numerator, 0)), whole

    def value(self, counters: Mapping[str, int]) -> float | None:
        """The rate, None when nothing was counted."""
        part, whole = self.parts(counters)
        return part / whole if whole else None


RESPONSE = Rate(
    "response_rate",
    "响应率",
    "responded_in_time",
    ("routed",),
    "首次签收不晚于当时签收时限的诉求数 ÷ 已派单的诉求数",
)
RESOLUTION = Rate(
    "resolution_rate",
    "解决率",
    "resolved",
    ("received",),
    "当前状态为已办理或已办结（含无法回访办结）的诉求数 ÷ 受理的诉求总数"
    "（重新办理的诉求再次办理后才重新计入）",
)
SATISFACTION = Rate(
    "satisfaction_rate",
    "满意率",
    "satisfied",
    ("satisfied", "unsatisfied"),
    "最近一次回访评价为“满意”或“基本满意”的诉求数 ÷ 已有满意或不满意评价的诉求数"
    "（无法回访的诉求既不计入分子，也不计入分母，另行统计）",
)
ON_TIME = Rate(
    "sla_compliance",
    "时限达标率",
    "on_time",
    ("resolved",),
    "在首次派单给出的办结时限内办理、且全程没有任何超时（签收、办结、报到）的诉求数 ÷ "
    "已办理（含已办结）的诉求数；提级或改派后的新时限不重新计时",
)
CITY = (RESPONSE, RESOLUTION, SATISFACTION)
"""The three rates of the overview; :data:`ON_TIME` is shown beside the breaches."""

UNIT_RESPONSE = Rate(
    "response_rate",
    "响应率",
    "accepted_in_time",
    ("assigned",),
    "按时签收次数 ÷ 派至本单位的诉求数（含提级派入）",
)
UNIT_RESOLUTION = Rate(
    "resolution_rate",
    "解决率",
    "resolved",
    ("assigned",),
    "本单位办理反馈次数 ÷ 派至本单位的诉求数",
)
UNIT_SATISFACTION = Rate(
    "satisfaction_rate",
    "满意率",
    "satisfied",
    ("satisfied", "unsatisfied"),
    "本单位承办诉求中回访“满意”或“基本满意”的数 ÷ 已回访评价数（无法回访的不计）",
)
UNIT_ON_TIME = Rate(
    "sla_compliance",
    "时限达标率",
    "resolved_in_time",
    ("resolved",),
    "在派给本单位时给出的办结时限内办理的次数 ÷ 本单位办理次数（超时另见“超时”列）",
)
UNIT_REPORT = Rate(
    "report_rate", "报到率", "reported", ("summoned",), "吹哨后已报到次数 ÷ 被召集次数（职能部门）"
)
UNIT = (UNIT_RESPONSE, UNIT_RESOLUTION, UNIT_SATISFACTION, UNIT_ON_TIME, UNIT_REPORT)
"""A handling unit's scorecard: each unit is judged on the deadlines it was given."""


def on_time(
    resolved: bool, resolved_at: datetime | None, first_deadline: datetime | None, breaches: int
) -> bool:
    """Whether a petition counts as on time (see the module's docstring)."""
    if not resolved or breaches or resolved_at is None or first_deadline is None:
        return False
    return meets(resolved_at, first_deadline)
