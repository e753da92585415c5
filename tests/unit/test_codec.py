"""The codec: every event survives the Confluent wire format; bad bytes give DecodeError."""

from __future__ import annotations

import socket
import struct
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiesu.domain import events as ev
from jiesu.settings import Settings
from schemas.codec import Codec, DecodeError, EncodeError, default_codec
from schemas.registry import ConfluentRegistry, FileRegistry, RegistryUnavailable
from tests import factories
from tests.hypothesis_budget import examples
from tests.unit.event_strategies import dataclass_strategy

CODEC = Codec(FileRegistry())


def decode_at_offset(data: bytes) -> ev.Event:
    """Decode as a consumer does: with the record's place in the log."""
    return CODEC.decode(data, topic="petition-events", partition=3, offset=1234)


def decode_or_error(data: bytes) -> ev.Event | DecodeError:
    try:
        return decode_at_offset(data)
    except DecodeError as error:
        return error


def resident_report() -> ev.PetitionReceived:
    return replace(
        factories.received(),
        channel=ev.Channel.MINI_PROGRAM,
        text="小区门口垃圾桶满了三天没人清运",
        petitioner=ev.Petitioner(name="李四", phone="13800138000", openid="oX9-微信", key="k1"),
        employer="淄博某纺织厂",
        attributes={"楼号": ("3号楼", "4号楼"), "空": ()},
    )


@pytest.mark.parametrize("event", factories.one_of_each(), ids=lambda e: type(e).__name__)
def test_every_event_type_survives_encoding(event: ev.Event) -> None:
    assert decode_at_offset(CODEC.encode(event)) == event


def test_a_resident_report_in_chinese_round_trips_with_every_field() -> None:
    event = resident_report()
    decoded = CODEC.decode(CODEC.encode(event))
    assert decoded == event
    assert isinstance(decoded, ev.PetitionReceived)
    assert decoded.petitioner.phone == "13800138000"
    assert decoded.event_time.tzinfo is not None


def test_the_wire_format_is_magic_byte_then_the_schema_id() -> None:
    data = CODEC.encode(resident_report())
    magic, schema_id = struct.unpack(">bI", data[:5])
    assert magic == 0
    assert schema_id == CODEC.schema_id(ev.PetitionReceived) == CODEC.schema_id("PetitionReceived")
    assert CODEC.event_name(data) == "PetitionReceived"


@settings(max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ev.EVENT_TYPES).flatmap(dataclass_strategy))
def test_arbitrary_events_of_every_type_round_trip(event: ev.Event) -> None:
    assert CODEC.decode(CODEC.encode(event)) == event


def test_times_in_other_zones_come_back_as_the_same_instant_in_utc() -> None:
    beijing = timezone(timedelta(hours=8))
    moment = datetime(2026, 10, 1, 8, 0, 0, 123000, tzinfo=beijing)
    decoded = CODEC.decode(CODEC.encode(replace(resident_report(), event_time=moment)))
    assert decoded.event_time == moment
    assert decoded.event_time.utcoffset() == timedelta(0)


def test_sub_millisecond_times_are_truncated_to_the_millisecond() -> None:
    moment = factories.T0.replace(microsecond=123456)
    decoded = CODEC.decode(CODEC.encode(replace(resident_report(), event_time=moment)))
    assert decoded.event_time == factories.T0.replace(microsecond=123000)


def test_a_naive_datetime_is_refused_without_quoting_personal_data() -> None:
    event = replace(resident_report(), event_time=datetime(2026, 10, 1, 8, 0))
    with pytest.raises(EncodeError) as caught:
        CODEC.encode(event)
    assert "13800138000" not in str(caught.value)


def test_an_event_id_that_is_no_uuid_is_refused() -> None:
    with pytest.raises(EncodeError, match="event_id"):
        CODEC.encode(replace(resident_report(), event_id="e-1"))


def assert_decode_error(data: bytes, reason: str) -> DecodeError:
    with pytest.raises(DecodeError, match=reason) as caught:
        decode_at_offset(data)
    error = caught.value
    assert (error.topic, error.partition, error.offset) == ("petition-events", 3, 1234)
    assert "petition-events" in str(error)
    assert "[3]" in str(error)
    assert "1234" in str(error)
    return error


def test_empty_and_headerless_records_are_decode_errors() -> None:
    assert_decode_error(b"", "truncated")
    assert_decode_error(b"\x00\x00\x00", "truncated")


def test_a_missing_value_is_a_decode_error() -> None:
    assert_decode_error(cast(bytes, None), "not bytes")


def test_a_wrong_magic_byte_is_a_decode_error() -> None:
    data = CODEC.encode(resident_report())
    assert_decode_error(b"\x01" + data[1:], "magic")


def test_an_unknown_schema_id_is_a_decode_error() -> None:
    data = CODEC.encode(resident_report())
    assert_decode_error(data[:1] + struct.pack(">I", 99999) + data[5:], "unknown schema id 99999")


def test_every_truncation_of_a_record_is_a_decode_error() -> None:
    data = CODEC.encode(resident_report())
    for length in range(len(data)):
        assert_decode_error(data[:length], "truncated|corrupt")


def test_trailing_bytes_after_the_record_are_a_decode_error() -> None:
    assert_decode_error(CODEC.encode(resident_report()) + b"\x00", "corrupt")


@settings(max_examples=examples(200))
@given(st.binary(max_size=64), st.sampled_from([f.__name__ for f in ev.EVENT_TYPES]))
def test_random_bodies_decode_or_raise_decode_error_only(body: bytes, name: str) -> None:
    header = struct.pack(">bI", 0, CODEC.schema_id(name))
    outcome = decode_or_error(header + body)
    if isinstance(outcome, DecodeError):
        assert outcome.offset == 1234
    else:
        assert type(outcome).__name__ == name


@settings(max_examples=examples(100))
@given(st.integers(min_value=5), st.integers(min_value=1, max_value=255))
def test_flipped_bytes_decode_or_raise_decode_error_only(position: int, flip: int) -> None:
    data = bytearray(CODEC.encode(resident_report()))
    data[position % len(data)] ^= flip
    outcome = decode_or_error(bytes(data))
    assert isinstance(outcome, ev.PetitionReceived | DecodeError)
    if isinstance(outcome, DecodeError):
        assert (outcome.topic, outcome.partition) == ("petition-events", 3)


def test_the_default_codec_uses_the_committed_file_registry() -> None:
    codec = default_codec(Settings(schema_registry_url=None))
    assert isinstance(codec.registry, FileRegistry)
    assert codec.decode(CODEC.encode(resident_report())) == resident_report()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_an_unreachable_schema_registry_is_a_retryable_error_not_a_decode_error() -> None:
    codec = default_codec(Settings(schema_registry_url=closed_port_url()))
    assert isinstance(codec.registry, ConfluentRegistry)
    with pytest.raises(RegistryUnavailable):
        codec.encode(resident_report())
    with pytest.raises(RegistryUnavailable):
        codec.decode(CODEC.encode(resident_report()), topic="petition-events", offset=7)
