"""Errors as answers: every refusal names the field and the reason, in Chinese and English.

Nothing here ever echoes what the caller sent (pydantic's ``input`` is dropped), so a phone
number or an openid in a rejected request cannot reach an error message or a log line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_ZH: dict[str, str] = {
    "missing": "缺少必填字段",
    "string_too_long": "内容过长",
    "string_too_short": "内容不能为空或过短",
    "too_long": "条目过多",
    "too_short": "条目过少",
    "url_parsing": "链接格式不正确",
    "url_scheme": "链接必须以 http:// 或 https:// 开头",
    "url_too_long": "链接过长",
    "invalid_phone": "电话号码格式不正确",
    "unknown_area": "未知的区域编码",
    "location_required": "必须提供位置（区域编码、地址或经纬度）",
    "timezone_aware": "时间必须带时区",
    "datetime_parsing": "时间格式不正确",
    "datetime_from_date_parsing": "时间格式不正确",
    "datetime_type": "时间格式不正确",
    "future_time": "时间不能晚于当前时间",
    "past_time": "时间过早，不在受理范围内",
    "json_invalid": "请求体不是合法的 JSON",
    "extra_forbidden": "不允许的字段",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "string_pattern_mismatch": "格式不正确",
    "less_than_equal": "数值超出范围",
    "greater_than_equal": "数值超出范围",
    "float_parsing": "必须是数字",
    "int_parsing": "必须是整数",
    "bool_parsing": "必须是布尔值",
    "string_type": "必须是文本",
    "model_attributes_type": "格式不正确",
    "dict_type": "格式不正确",
    "list_type": "必须是列表",
    "control_character": "含有不允许的控制字符",
    "lone_surrogate": "含有无效的字符（孤立代理项）",
    "identity_mismatch": "身份信息由凭证决定",
    "unencodable": "内容无法记录",
}
_DEFAULT_ZH = "输入不正确"


@dataclass(frozen=True)
class FieldError:
    """One refused field: where, which rule, and the message in both languages."""

    field: str
    reason: str
    message_en: str
    message_zh: str

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "reason": self.reason,
            "message_en": self.message_en,
            "message_zh": self.message_zh,
        }


def field_error(path: str, reason: str, message_en: str) -> FieldError:
    """A field error whose Chinese message comes from the reason code."""
    return FieldError(path, reason, message_en, _ZH.get(reason, _DEFAULT_ZH))


def from_pydantic(
    errors: Sequence[Mapping[str, Any]], drop_prefix: bool = True
) -> list[FieldError]:
    """Our field errors from pydantic's, without the offending input."""
    made = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", ())]
        if drop_prefix and loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:] or loc
        path = ".".join(loc) or "body"
        made.append(field_error(path, str(err.get("type", "invalid")), _english(err)))
    return made


def _english(err: Mapping[str, Any]) -> str:
    message = str(err.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


@dataclass
class IntakeError(Exception):
    """A refusal the routers raise; the app turns it into a JSON answer."""

    status: int
    code: str
    message_en: str
    message_zh: str
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "error": self.code,
            "message_en": self.message_en,
            "message_zh": self.message_zh,
            "errors": [e.as_dict() for e in self.errors],
        }


def invalid(errors: list[FieldError], status: int = 422) -> IntakeError:
    """The answer to a request that failed validation."""
    return IntakeError(
        status, "invalid_request", "the request is invalid", "请求内容不正确", errors
    )


def unauthorized(message_en: str, message_zh: str) -> IntakeError:
    return IntakeError(
        401, "unauthorized", message_en, message_zh, headers={"WWW-Authenticate": "Bearer"}
    )


def forbidden(message_en: str, message_zh: str) -> IntakeError:
    return IntakeError(403, "forbidden", message_en, message_zh)
