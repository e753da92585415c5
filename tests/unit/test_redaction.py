"""Free text without personal data: phones in every common spelling, ID cards, names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiesu.domain.privacy import normalise_phone
from jiesu.domain.redaction import redact_text, rounded

PHONE = "13800138000"


@pytest.mark.parametrize(
    "spelling",
    [
        "13800138000",
        "138-0013-8000",
        "138 0013 8000",
        "138.0013.8000",
        "+86 138 0013 8000",
        "0086-13800138000",
        "８６１３８００１３８０００"[2:],
        "１３８－００１３－８０００",
        "138—0013—8000",
    ],
)
def test_a_phone_in_any_common_spelling_is_masked(spelling: str) -> None:
    text = f"请联系我{spelling}，谢谢"
    redacted = redact_text(text)
    assert redacted is not None
    digits = "".join(str(int(c)) for c in redacted if c.isdecimal())
    assert "0013" not in digits
    assert "谢谢" in redacted


def test_a_masked_mobile_looks_as_handlers_see_it() -> None:
    assert redact_text("电话13800138000") == "电话138****8000"


def test_chinese_numerals_id_cards_and_emails_are_masked() -> None:
    assert redact_text("电话一三八零零一三八零零零") == "电话***********"
    assert redact_text("电话幺三八零零幺三八零零零") == "电话***********"
    assert redact_text("身份证37030219900101123X") == "身份证******************"
    assert redact_text("身份证370302199001011234号") == "身份证******************号"
    assert redact_text("邮箱 li.lei@example.com") == "邮箱 ******@example.com"


def test_the_petitioners_own_name_is_taken_out() -> None:
    assert redact_text("我是张三，张三家漏水", ["张三"]) == "我是某某，某某家漏水"
    assert redact_text("Wang Li called", ["Wang Li"]) == "某某 called"
    assert redact_text("no name given", [None, ""]) == "no name given"


def test_dates_amounts_and_short_numbers_stay() -> None:
    text = "2026-10-12 起欠薪 12000 元，3号楼502室"
    assert redact_text(text) == text


@given(st.text(max_size=80))
def test_redacting_twice_changes_nothing_more(text: str) -> None:
    once = redact_text(text, ["张三"])
    assert redact_text(once, ["张三"]) == once


def test_phones_are_normalised_to_ascii_digits() -> None:
    assert normalise_phone("１３８－００１３－８０００") == PHONE
    assert normalise_phone("+86 138.0013.8000") == PHONE


def test_public_coordinates_are_rounded_to_about_100_m() -> None:
    assert rounded(36.813149) == 36.813
    assert rounded(None) is None
