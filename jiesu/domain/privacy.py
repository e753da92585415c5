"""Personal data: phones are normalised, masked for handlers and never shown in clear."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

ERASED = "已删除"
"""What a personal field reads as once its petitioner was erased (its data key deleted)."""

_NON_DIGITS = re.compile(r"[^0-9]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_FIXED = re.compile(r"^0\d{9,11}$")


class InvalidPhone(ValueError):
    """A phone number that is neither a mainland mobile nor a fixed line with area code."""


def normalise_phone(raw: str) -> str:
    """ASCII digits only, without +86/0086: '+86 138-0013-8000' → '13800138000'.

    NFKC first, so fullwidth digits (１３８…) count as the digits they are; any other
    script's digits are not ASCII digits and leave too few for a number."""
    digits = _NON_DIGITS.sub("", unicodedata.normalize("NFKC", raw))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix) :]
    if not (_MOBILE.match(digits) or _FIXED.match(digits)):
        raise InvalidPhone("not a mainland mobile or fixed-line number")
    return digits


def mask_phone(phone: str | None) -> str | None:
    """The form shown to handlers: 138****1234 (first three, last four)."""
    if not phone:
        return None
    if phone == ERASED:
        return ERASED
    if len(phone) <= 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def petitioner_key(identifier: str, secret: str) -> str:
    """A keyed hash of a phone or openid: equal for one person, useless to read back."""
    digest = hmac.new(secret.encode(), identifier.encode(), hashlib.sha256).hexdigest()
    return digest[:32]
