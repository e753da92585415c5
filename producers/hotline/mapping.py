"""A 12345 work order (工单) → ``PetitionReceived``: shared by the endpoint and the bulk import.

The call id is the channel reference, so a work order posted twice, or imported twice, is the
same petition. ``work_order_from_row`` accepts a flat row of a call-centre export with English
or Chinese headers (来电编号, 坐席工号, 来电时间, 诉求内容, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, Field, ValidationError

from jiesu.domain.city import City
from jiesu.domain.events import Channel, PetitionReceived
from producers.forms import (
    InputRejected,
    Person,
    PetitionForm,
    Ref,
    Short,
    event_time_of,
    location_of,
    new_petition,
    petitioner_of,
    photos_of,
)
from producers.http.errors import field_error, from_pydantic


class HotlineWorkOrder(PetitionForm):
    """An agent's work order: the call, the caller, the matter."""

    call_id: Ref = Field(description="来电编号: the call-centre's id of the call (idempotency key)")
    agent_id: Short | None = Field(
        default=None,
        description="坐席工号: the agent who typed the order (over HTTP, the key's own agent)",
    )
    call_time: AwareDatetime = Field(description="来电时间, with time zone")
    caller: Person | None = None
    employer: str | None = Field(default=None, max_length=100, description="单位 (group cases)")


FLAT_HEADERS: dict[str, tuple[str, ...]] = {
    "call_id": ("call_id", "来电编号", "工单编号", "工单号"),
    "agent_id": ("agent_id", "坐席工号", "坐席", "受理人"),
    "call_time": ("call_time", "来电时间", "受理时间"),
    "text": ("text", "诉求内容", "内容"),
    "title": ("title", "标题", "诉求标题"),
    "category_hint": ("category_hint", "category", "诉求类别", "类别"),
    "area": ("area", "区域编码", "网格编码"),
    "address": ("address", "地址", "事发地址"),
    "lat": ("lat", "纬度"),
    "lon": ("lon", "经度"),
    "caller_name": ("caller_name", "来电人", "姓名"),
    "caller_phone": ("caller_phone", "来电号码", "联系电话", "电话"),
    "anonymous": ("anonymous", "匿名"),
    "employer": ("employer", "单位", "工作单位"),
    "photos": ("photos", "图片", "照片"),
}
_TRUE = {"1", "true", "yes", "y", "是"}


def parse_work_order(data: Mapping[str, Any]) -> HotlineWorkOrder:
    """Validate a work order; :class:`InputRejected` names each bad field."""
    try:
        return HotlineWorkOrder.model_validate(dict(data))
    except ValidationError as exc:
        raise InputRejected(from_pydantic(exc.errors(include_input=False), False)) from None


def work_order_from_row(row: Mapping[str, Any]) -> HotlineWorkOrder:
    """A flat export row (CSV/JSONL, English or Chinese headers) → a validated work order."""
    flat = {key: _cell(row, names) for key, names in FLAT_HEADERS.items()}
    nested: dict[str, Any] = {k: flat[k] for k in ("call_id", "agent_id", "call_time", "text")}
    nested |= {k: flat[k] for k in ("title", "category_hint", "employer") if flat[k] is not None}
    place = {k: flat[k] for k in ("area", "address", "lat", "lon") if flat[k] is not None}
    nested["place"] = place
    if flat["caller_name"] or flat["caller_phone"] or flat["anonymous"]:
        anonymous = str(flat["anonymous"] or "").strip().lower() in _TRUE
        nested["caller"] = {
            "name": flat["caller_name"],
            "phone": flat["caller_phone"],
            "anonymous": anonymous,
        }
    if flat["photos"]:
        nested["photos"] = [p for p in str(flat["photos"]).replace(";", " ").split() if p]
    return parse_work_order(nested)


def _cell(row: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = row.get(name)
        if value is not None and str(value).strip() != "":
            return value
    return None


def received_from_work_order(
    order: HotlineWorkOrder, *, city: City, pii_key: str, now: datetime, agent: str | None = None
) -> PetitionReceived:
    """The event for a validated work order (place and time checked against city and clock);
    ``agent`` is the credential's agent (an import takes each row's own)."""
    agent = agent or order.agent_id
    if agent is None:
        raise InputRejected([field_error("agent_id", "missing", "Field required")])
    return new_petition(
        Channel.HOTLINE,
        order.call_id,
        event_time=event_time_of(order.call_time, now, "call_time"),
        now=now,
        text=order.text,
        title=order.title,
        category_hint=order.category_hint,
        location=location_of(order.place, city),
        petitioner=petitioner_of(order.caller, pii_key),
        photos=photos_of(order),
        employer=order.employer,
        attributes={"agent_id": (agent,)},
    )
