"""Structured logs for every deployable: structlog over the standard library.

structlog's ``ProcessorFormatter`` sits on the root handler, so every existing
``logging.getLogger(__name__)`` call (ours, uvicorn's, faust's, kafka-python's) comes out
structured without touching the modules: JSON lines when the output is not a terminal or
``JIESU_LOG_FORMAT=json`` (what log shippers read), aligned colour text in a terminal.

Fields: ``timestamp`` (UTC), ``level``, ``logger``, ``service`` (the `jiesu` verb), the
message, and whatever a call passes in ``extra`` — :func:`event_fields` gives the ids an
operator follows a petition by (``event_id``, ``correlation_id``, ``petition_id``). Personal
data is never logged on purpose; as a second line of defence every mainland mobile number
that slips into a line is masked (138****1234) before it is written.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

import structlog
from pydantic import ValidationError
from structlog.typing import EventDict, Processor, WrappedLogger

from jiesu.domain.events import Event
from jiesu.domain.privacy import mask_phone
from jiesu.settings import Settings, get_settings

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
QUIET_LIBRARIES = ("kafka", "aiokafka", "httpx", "httpcore")
"""Chatty at INFO (every connection, every request): WARNING unless DEBUG is asked. faust
keeps INFO: its worker says when it is ready and when partitions move."""


def event_fields(event: Event) -> dict[str, str]:
    """The ids that tie log lines of every service to one petition (``extra=`` of a call)."""
    return {
        "event_type": type(event).__name__,
        "event_id": event.event_id,
        "correlation_id": event.correlation_id,
        "petition_id": event.petition_id,
    }


def mask_mobiles(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Mask every mainland mobile number in the line's text values."""
    for key, value in event_dict.items():
        if isinstance(value, str) and _MOBILE.search(value):
            event_dict[key] = _MOBILE.sub(lambda m: mask_phone(m.group()) or "", value)
    return event_dict


def _service(name: str) -> Processor:
    def add(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
        event_dict.setdefault("service", name)
        return event_dict

    return add


def wants_json(settings: Settings, stream: TextIO) -> bool:
    """JSON unless the format says console, or says auto and ``stream`` is a terminal."""
    if settings.log_format != "auto":
        return settings.log_format == "json"
    isatty = getattr(stream, "isatty", None)
    return not (isatty is not None and isatty())


class _Handler(logging.StreamHandler[TextIO]):
    """The handler :func:`configure_logging` installs (and replaces when called again)."""


class _Stderr(_Handler):
    """Writes to whatever ``sys.stderr`` is when a record comes (test runners swap it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """The standard library sets it; this handler always follows ``sys.stderr``."""


def configure_logging(service: str, stream: TextIO | None = None) -> None:
    """Route every log record of this process through structlog, at start-up (again: the
    handler this installed before is replaced; handlers of others are left alone)."""
    settings = _settings()
    as_json = wants_json(settings, stream or sys.stderr)
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        _service(service),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    handler = _Handler(stream) if stream is not None else _Stderr()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared, processors=_rendering(as_json, stream or sys.stderr)
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, _Handler)]
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    logging.captureWarnings(True)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def _rendering(as_json: bool, stream: TextIO) -> list[Processor]:
    head: list[Processor] = [
        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
        structlog.processors.format_exc_info,
        mask_mobiles,
    ]
    if as_json:
        return [
            *head,
            structlog.processors.EventRenamer("message"),
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ]
    colours = bool(getattr(stream, "isatty", lambda: False)())
    return [*head, structlog.dev.ConsoleRenderer(colors=colours)]


def _settings() -> Settings:
    """The settings; when the environment is invalid the command itself reports it, so
    logging falls back to the defaults instead of failing first (and less clearly)."""
    try:
        return get_settings()
    except ValidationError:
        return Settings.model_construct()


__all__ = ["configure_logging", "event_fields", "mask_mobiles", "wants_json"]
