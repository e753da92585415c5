"""Personal data handling and deterministic ids."""

from __future__ import annotations

import pytest

from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.privacy import InvalidPhone, mask_phone, normalise_phone, petitioner_key


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("+86 138-1234-1234", "13812341234"),
        ("008613812341234", "13812341234"),
        ("138 1234 1234", "13812341234"),
        ("0533-2181234", "05332181234"),
    ],
)
def test_phone_numbers_are_normalised_to_digits(raw: str, normal: str) -> None:
    assert normalise_phone(raw) == normal


@pytest.mark.parametrize("raw", ["12345", "23812341234", "abc", ""])
def test_a_malformed_phone_is_refused_without_echoing_it(raw: str) -> None:
    with pytest.raises(InvalidPhone) as info:
        normalise_phone(raw)
    assert raw not in str(info.value) or not raw


def test_phones_shown_to_handlers_are_masked() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone(None) is None


def test_a_petitioner_key_is_stable_and_reveals_nothing() -> None:
    key = petitioner_key("13812341234", "secret")
    assert key == petitioner_key("13812341234", "secret")
    assert key != petitioner_key("13812341234", "other")
    assert "13812341234" not in key
    assert len(key) == 32
    assert int(key, 16) >= 0


def test_the_same_channel_reference_always_names_the_same_petition() -> None:
    assert petition_id_for("HOTLINE", "A1") == petition_id_for("HOTLINE", "A1")
    assert petition_id_for("HOTLINE", "A1") != petition_id_for("OPEN311", "A1")
    assert derived_id("a", "b") != derived_id("ab")
