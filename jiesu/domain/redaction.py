"""Free text without personal data: the one function every reader of citizens' words uses.

Citizens type phone numbers, ID-card numbers, e-mail addresses and their own names into a
petition's text; handlers repeat them in results and notes. :func:`redact_text` masks them
wherever text leaves the event log: read models, the dashboard, the public Open311 view and
exports all go through it, so one rule decides what is personal in free text.

Phones are found in every common spelling: ``13800138000``, ``138-0013-8000``,
``138 0013 8000``, ``138.0013.8000``, ``+86 138…``, fullwidth digits (``１３８…``) and
Chinese numerals (一三八零零一三八零零零). Any run of seven digits or more is masked
(a phone keeps its first three and last four digits, as handlers see it: 138****8000);
dates such as 2026-10-12 are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jiesu.domain.privacy import mask_phone

FREE_TEXT = frozenset(
    {"text", "title", "address", "reason", "result", "note", "comment", "summary", "refusal"}
)
"""Fields (of events and read models) typed by people, which may quote personal data."""
NAME_MASK = "某某"
COORDINATE_PLACES = 3
"""Public coordinates are rounded to 0.001°: about 110 m north-south, 90 m east-west here."""

_SEP = r"[ \t\-.·．－—_/]"
_PREFIX = rf"(?:(?:\+|＋|00|００)?[8８][6６]{_SEP}?)?"
_NUMBER = re.compile(rf"{_PREFIX}\d(?:{_SEP}?\d){{6,}}(?:{_SEP}?[Xx])?")
_HANZI_DIGITS = "〇零一二三四五六七八九幺"
_HANZI_MOBILE = re.compile(rf"[一幺][三四五六七八九][{_HANZI_DIGITS}]{{9}}")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_DATE = re.compile(r"(?:19|20)\d\d[\-./](?:0?[1-9]|1[0-2])[\-./](?:0?[1-9]|[12]\d|3[01])")
_DIGIT = re.compile(r"\d")


def redact_text(text: str | None, names: Iterable[str | None] = ()) -> str | None:
    """``text`` with phones, ID-card numbers, e-mails and the given ``names`` masked.

    Idempotent: redacting twice gives the same text, so a reader may apply it again to
    text a writer already redacted."""
    if not text:
        return text
    if names:
        for name in _name_forms(names):
            text = text.replace(name, NAME_MASK)
    # Each pattern only where a character it needs occurs: most texts have a digit (a house
    # number) but no e-mail, whose pattern would try every run of letters.
    if _DIGIT.search(text):
        text = _NUMBER.sub(_mask_number, text)
    if "一" in text or "幺" in text:
        text = _HANZI_MOBILE.sub(lambda m: "*" * len(m.group(0)), text)
    if "@" in text:
        text = _EMAIL.sub(_mask_email, text)
    return text


def _name_forms(names: Iterable[str | None]) -> list[str]:
    """The names to remove, longest first: each name and, for names of several words
    (Open311's first and last name), each word of two letters or more."""
    forms: set[str] = set()
    for name in names:
        cleaned = (name or "").strip()
        if len(cleaned) < 2 or cleaned == NAME_MASK:
            continue
        forms.add(cleaned)
        forms.update(part for part in cleaned.split() if len(part) >= 2)
    return sorted(forms, key=len, reverse=True)


def _mask_number(match: re.Match[str]) -> str:
    found = match.group(0)
    date = _DATE.match(found)
    if date is not None:
        rest = found[date.end() :]
        if sum(c.isdecimal() for c in rest) < 7:
            return found
        return found[: date.end()] + _NUMBER.sub(_mask_number, rest)
    digits = "".join(str(int(c)) for c in found if c.isdecimal())
    if found[-1] in "Xx" or len(digits) in (15, 18):
        return "*" * (len(digits) + (found[-1] in "Xx"))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    if len(digits) == 11:
        return mask_phone(digits) or ""
    return "*" * len(digits)


def _mask_email(match: re.Match[str]) -> str:
    local, _, domain = match.group(0).partition("@")
    return f"{'*' * len(local)}@{domain}"


def rounded(coordinate: float | None, places: int = COORDINATE_PLACES) -> float | None:
    """A coordinate as the public sees it: rounded (about 100 m at 0.001°)."""
    return None if coordinate is None else round(coordinate, places)
