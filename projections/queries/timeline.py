"""One timeline entry as the petition page shows it: what happened, who did it, in Chinese.

Only named fields of the (already redacted) payload are read, never the petitioner, and
free text is masked again, so the trace cannot show personal data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping

from jiesu.domain.channels import channel_labels
from jiesu.domain.chinatime import CHINA as BEIJING
from jiesu.domain.derived import PROCESSORS
from jiesu.domain.reasons import shown
from jiesu.domain.reporting import TIER_NAMES
from projections.queries.common import headline, iso, redact
from projections.queries.labels import Labels

Describe = Callable[[dict[str, Any], Labels], str]

TITLES = {
    "PetitionReceived": "受理",
    "PetitionClassified": "研判分类",
    "PetitionRouted": "派单",
    "PetitionAccepted": "签收",
    "PetitionReturned": "退单",
    "PetitionEscalated": "提级",
    "WhistleBlown": "吹哨",
    "DepartmentReported": "部门报到",
    "PetitionResolved": "办理反馈",
    "FeedbackRecorded": "回访评价",
    "PetitionReopened": "重新办理",
    "PetitionClosed": "办结",
    "SlaWarned": "时限预警",
    "SlaBreached": "超时",
    "PetitionsLinked": "关联诉求",
    "ActionRejected": "操作被拒绝",
    "PetitionReclassified": "重新分类",
    "WhistleRequested": "手动吹哨",
    "GroupCaseResolved": "群体诉求办结",
    "PetitionerErased": "个人信息删除",
}
SOURCES = {"channel": "渠道选定", "classifier": "智能研判", "dispatcher": "调度员"}
KINDS = {"RESPONSE": "签收", "RESOLUTION": "办结", "REPORT": "报到"}
SATISFACTION = {"SATISFIED": "满意", "BASICALLY_SATISFIED": "基本满意", "UNSATISFIED": "不满意"}
LINKS = {"REPEAT": "重复诉求", "GROUP_CASE": "群体诉求", "DUPLICATE": "重复提交"}
ACTORS = {"role:callback": "回访中心"}
TIERS = {tier.value: name for tier, name in TIER_NAMES.items()}
CHANNELS = {code.lower(): label for code, label in channel_labels().items()}
"""By the name in a channel's actor (``channel:hotline``), from the channel registry."""


def _units(data: dict[str, Any], labels: Labels, key: str) -> str:
    return labels.unit(data.get(key)) or "–"


def _departments(data: dict[str, Any], labels: Labels) -> str:
    return "、".join(labels.department(d) or d for d in data.get("departments") or [])


def _time(value: Any) -> str:
    """An ISO time of the payload in Beijing time, to the minute, written so that the digit
    masking of free text (phones, ids) cannot mistake it for a number: 2027年1月5日 10:00."""
    try:
        moment = datetime.fromisoformat(str(value)).astimezone(BEIJING)
    except ValueError:
        return "–"
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def _due(data: dict[str, Any], key: str) -> str:
    """A deadline of an assignment or a whistle, marked when it may still move."""
    return _time(data.get(key)) + ("（暂定）" if data.get("provisional") else "")


def _closed(data: dict[str, Any]) -> str:
    if data.get("unreachable"):
        return "无法回访（回访时限内未能联系到诉求人），不计入满意率"
    return SATISFACTION.get(data.get("satisfaction") or "", "未评价")


def _deadline(data: dict[str, Any], labels: Labels, verb: str) -> str:
    kind = KINDS.get(data.get("kind") or "", "")
    who = labels.department(data.get("department")) or _units(data, labels, "unit")
    return f"{kind}时限 {_time(data.get('deadline'))} {verb}（{who}）"


def _task(d: dict[str, Any], labels: Labels) -> str:
    """The task order (任务单): unit, co-handler, responsible person, target, deadline."""
    parts = [f"派至 {_units(d, labels, 'unit')}"]
    if d.get("co_handler"):
        parts.append(f"会同 {labels.unit(d['co_handler'])}")
    if d.get("responsible_role"):
        parts.append(f"责任人 {d['responsible_role']}")
    if d.get("target"):
        parts.append(f"目标 {d['target']}")
    parts.append(f"办结时限 {_due(d, 'resolution_deadline')}")
    if d.get("reason"):
        parts.append(shown(str(d["reason"])))
    return "，".join(parts)


DESCRIBE: dict[str, Describe] = {
    "PetitionReceived": lambda d, lb: (
        f"{lb.channel(d.get('channel'))}：{headline(d.get('title'), d.get('text'))}"
    ),
    "PetitionClassified": lambda d, lb: (
        f"{lb.category(d.get('category'))}（{SOURCES.get(d.get('source') or '', '智能研判')}）"
        f"，{TIERS.get(d.get('sla_tier') or '', '未定')}等级"
        + ("，紧急通道" if d.get("emergency") else "")
        + (
            f"，研判建议 {lb.category(d['suggested_category'])}"
            if d.get("suggested_category")
            else ""
        )
    ),
    "PetitionRouted": lambda d, lb: _task(d, lb),
    "PetitionReclassified": lambda d, lb: (
        f"改为 {lb.category(d.get('category'))}：{d.get('reason') or ''}"
    ),
    "WhistleRequested": lambda d, lb: (
        f"{_units(d, lb, 'unit')} 召集 {_departments(d, lb)}：{d.get('reason') or ''}"
    ),
    "GroupCaseResolved": lambda d, _: f"随群体诉求主件办结：{d.get('result') or ''}",
    "PetitionAccepted": lambda d, lb: f"{_units(d, lb, 'unit')} 签收",
    "PetitionReturned": lambda d, lb: f"{_units(d, lb, 'unit')} 退单：{d.get('reason') or ''}",
    "PetitionEscalated": lambda d, lb: (
        f"{_units(d, lb, 'from_unit')} → {_units(d, lb, 'to_unit')}：{shown(d.get('reason'))}，"
        f"办结时限 {_due(d, 'resolution_deadline')}"
    ),
    "WhistleBlown": lambda d, lb: f"召集 {_departments(d, lb)}，报到时限 {_due(d, 'report_by')}",
    "DepartmentReported": lambda d, lb: f"{lb.department(d.get('department'))} 已报到",
    "PetitionResolved": lambda d, lb: f"{_units(d, lb, 'unit')}：{d.get('result') or ''}",
    "FeedbackRecorded": lambda d, _: SATISFACTION.get(d.get("satisfaction") or "", "未评价"),
    "PetitionReopened": lambda d, _: (
        f"第 {d.get('reopen_count')} 次重新办理：{d.get('reason') or ''}"
    ),
    "PetitionClosed": lambda d, _: _closed(d),
    "SlaWarned": lambda d, lb: _deadline(d, lb, "将到"),
    "SlaBreached": lambda d, lb: _deadline(d, lb, "已过"),
    "PetitionsLinked": lambda d, _: (
        f"{LINKS.get(d.get('kind') or '', '关联')}，共 {len(d.get('petition_ids') or [])} 件"
        + ("，由主件统一办理" if d.get("lead_petition_id") else "")
    ),
    "ActionRejected": lambda d, _: (
        f"{TITLES.get(d.get('action') or '', d.get('action'))}：{shown(d.get('reason'))}"
    ),
    "PetitionerErased": lambda d, _: f"诉求人个人信息已删除：{d.get('reason') or ''}",
}


def entry_of(row: RowMapping, labels: Labels) -> dict[str, Any]:
    """A timeline row for the page: time, title, actor, a one-line description."""
    kind = row["event_type"]
    data = json.loads(row["payload"] or "{}")
    detail = DESCRIBE.get(kind, lambda d, _: "")(data if isinstance(data, dict) else {}, labels)
    if row["outcome"] == "refused":
        detail = f"未生效：{row['refusal'] or ''}（{detail}）"
    return {
        "event_id": row["event_id"],
        "seq": row["seq"],
        "event_type": kind,
        "label": TITLES.get(kind, kind),
        "event_time": iso(row["event_time"]),
        "actor": _actor(row["actor"], labels),
        "person": data.get("acted_by") if isinstance(data, dict) else None,
        "outcome": row["outcome"],
        "detail": redact(detail),
    }


def _actor(actor: str, labels: Labels) -> str:
    """'unit:community:zd.cz.cg' → the community's name; processors and channels in Chinese
    (系统·智能派单, 渠道·12345热线; a processor of an unknown name, 系统·NAME), the operator
    who erased personal data (管理员·NAME), others as they are."""
    kind, _, rest = actor.partition(":")
    if kind == "unit":
        return labels.unit(rest) or rest
    if kind == "processor":
        return f"系统·{PROCESSORS.get(rest, rest)}"
    if kind == "channel" and rest in CHANNELS:
        return f"渠道·{CHANNELS[rest]}"
    if kind == "operator":  # who ran `jiesu erase`
        return f"管理员·{rest}"
    return ACTORS.get(actor, actor)
