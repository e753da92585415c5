"""What the lists show a petition by: its title, else the start of its text, never a phone."""

from __future__ import annotations

from projections.queries.common import headline


def test_a_petition_without_a_title_is_listed_by_the_start_of_its_text() -> None:
    text = "我在工地干活，老板拖欠工资三个月，一分钱都没给。电话13912345678，请尽快处理，谢谢"
    shown = headline(None, text)
    assert shown.startswith("我在工地干活，老板拖欠工资三个月")
    assert "13912345678" not in shown
    assert len(shown) < len(text)


def test_a_title_is_shown_as_it_is_and_nothing_at_all_as_empty() -> None:
    assert headline("楼道垃圾无人清运", "春光山色小区3号楼楼道里堆了很多垃圾") == "楼道垃圾无人清运"
    assert headline(None, None) == ""
