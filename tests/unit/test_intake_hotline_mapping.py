"""The hotline mapping the endpoint and the bulk import share."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jiesu.config.city import load_city
from jiesu.domain.events import Channel
from jiesu.domain.ids import petition_id_for
from producers.forms import InputRejected
from producers.hotline.mapping import (
    parse_work_order,
    received_from_work_order,
    work_order_from_row,
)

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
ROW = {
    "来电编号": "C-001",
    "坐席工号": "A7",
    "来电时间": "2026-11-22T09:00:00+08:00",
    "诉求内容": "小区路灯坏了一个月",
    "区域编码": "zd.cz.cg.c01",
    "来电人": "李先生",
    "来电号码": "0533-2281234",
    "图片": "https://a.example.cn/1.jpg; https://a.example.cn/2.jpg",
}


def test_a_row_with_chinese_headers_becomes_a_petition() -> None:
    order = work_order_from_row(ROW)
    event = received_from_work_order(order, city=load_city(), pii_key="k", now=NOW)
    assert event.petition_id == petition_id_for("HOTLINE", "C-001")
    assert event.channel is Channel.HOTLINE
    assert event.channel_ref == "C-001"
    assert event.petitioner.phone == "05332281234"
    assert event.location.compound == "zd.cz.cg.c01"
    assert event.location.grid is None
    assert event.photos == ("https://a.example.cn/1.jpg", "https://a.example.cn/2.jpg")
    assert event.event_time == datetime(2026, 11, 22, 1, 0, tzinfo=UTC)


def test_the_same_row_twice_gives_the_same_event_id() -> None:
    city = load_city()
    one = received_from_work_order(work_order_from_row(ROW), city=city, pii_key="k", now=NOW)
    two = received_from_work_order(work_order_from_row(ROW), city=city, pii_key="k", now=NOW)
    assert one.event_id == two.event_id


def test_a_bad_row_names_every_bad_field_without_its_value() -> None:
    bad = ROW | {"来电号码": "9999", "诉求内容": " ", "来电时间": "soon"}
    with pytest.raises(InputRejected) as caught:
        work_order_from_row(bad)
    fields = sorted(e.field for e in caught.value.errors)
    assert fields == ["call_time", "caller.phone", "text"]
    assert "9999" not in str(caught.value)


def test_a_call_in_the_future_is_refused() -> None:
    order = parse_work_order(
        {
            "call_id": "C-2",
            "agent_id": "A",
            "call_time": "2027-01-01T00:00:00Z",
            "text": "x",
            "place": {"address": "某路"},
        }
    )
    with pytest.raises(InputRejected) as caught:
        received_from_work_order(order, city=load_city(), pii_key="k", now=NOW)
    assert caught.value.errors[0].reason == "future_time"


def test_a_work_order_needs_some_place() -> None:
    order = parse_work_order(
        {"call_id": "C-3", "agent_id": "A", "call_time": "2026-11-22T00:00:00Z", "text": "x"}
    )
    with pytest.raises(InputRejected) as caught:
        received_from_work_order(order, city=load_city(), pii_key="k", now=NOW)
    assert caught.value.errors[0].reason == "location_required"


def test_a_call_in_antiquity_is_refused_not_crashed_on() -> None:
    order = parse_work_order(
        {
            "call_id": "C-4",
            "agent_id": "A",
            "call_time": "0001-01-01T00:00:00+08:00",
            "text": "x",
            "place": {"address": "某路"},
        }
    )
    with pytest.raises(InputRejected) as caught:
        received_from_work_order(order, city=load_city(), pii_key="k", now=NOW)
    assert caught.value.errors[0].reason == "past_time"
