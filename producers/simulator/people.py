"""Fake but well-formed personal data: mainland mobiles, openids and how callers are named.

The numbers pass ``normalise_phone`` yet come from the simulator's seeded generator, so no
real person is behind them by design of the run, and a seed always yields the same people.
"""

from __future__ import annotations

import random
import string

MOBILE_PREFIXES = (
    "133", "135", "137", "138", "139", "150", "151", "152", "155", "157", "158", "159",
    "166", "176", "177", "180", "181", "182", "186", "187", "188", "189", "199",
)  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
FORMS = ("女士", "先生", "阿姨", "大爷")


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choices(string.digits, k=8))


def openid(rng: random.Random) -> str:
    """A WeChat-style openid (28 characters, starts with 'o')."""
    return "o" + "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=27))


def caller_name(rng: random.Random) -> str:
    """How a hotline agent notes a caller: surname and form of address, '王女士'."""
    return rng.choice(SURNAMES) + rng.choice(FORMS)
