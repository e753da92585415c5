"""WeChat's signature rule, as its documentation describes it."""

from __future__ import annotations

import hashlib

from producers.wechat.signature import signature_refusal, wechat_signature


def test_the_signature_is_sha1_of_the_sorted_parts_joined() -> None:
    expected = hashlib.sha1("".join(sorted(["tok", "1700000000", "n0nce"])).encode()).hexdigest()
    assert wechat_signature("tok", "1700000000", "n0nce") == expected


def test_a_fresh_correct_signature_passes() -> None:
    sig = wechat_signature("tok", "1700000000", "abc")
    assert signature_refusal("tok", sig, "1700000000", "abc", 1700000100.0, 300) is None


def test_a_wrong_token_is_a_bad_signature() -> None:
    sig = wechat_signature("other", "1700000000", "abc")
    assert signature_refusal("tok", sig, "1700000000", "abc", 1700000000.0, 300) == "bad_signature"


def test_a_stale_timestamp_is_rejected_even_when_correctly_signed() -> None:
    sig = wechat_signature("tok", "1700000000", "abc")
    assert (
        signature_refusal("tok", sig, "1700000000", "abc", 1700000301.0, 300) == "stale_timestamp"
    )


def test_a_timestamp_from_the_future_is_rejected_too() -> None:
    sig = wechat_signature("tok", "1700000999", "abc")
    assert (
        signature_refusal("tok", sig, "1700000999", "abc", 1700000000.0, 300) == "stale_timestamp"
    )


def test_a_non_numeric_timestamp_is_a_bad_signature() -> None:
    sig = wechat_signature("tok", "yesterday", "abc")
    assert signature_refusal("tok", sig, "yesterday", "abc", 1700000000.0, 300) == "bad_signature"


def test_a_signature_with_non_ascii_characters_is_simply_bad() -> None:
    assert (
        signature_refusal("tok", "\u0080签名", "1700000000", "abc", 1700000000.0, 300)
        == "bad_signature"
    )
