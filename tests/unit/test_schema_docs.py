"""The schemas themselves: one per event, documented, self-contained, in step with the code."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from enum import Enum
from typing import Any

import avro.schema
import pytest

from jiesu.domain import events as ev
from schemas.catalog import AVRO_DIR, NAMESPACE, current_schema, event_names
from schemas.convert import pii_fields

NAMES = event_names()
ENVELOPE = [f.name for f in dataclasses.fields(ev.Event)]
ENUMS: dict[str, type[Enum]] = {
    e.__name__: e
    for e in (
        ev.Channel,
        ev.HandlingLevel,
        ev.SlaTier,
        ev.Status,
        ev.Satisfaction,
        ev.DeadlineKind,
        ev.LinkKind,
    )
}


def named_types(node: Any) -> Iterator[dict[str, Any]]:
    """Every record and enum defined anywhere in a schema."""
    if isinstance(node, list):
        for item in node:
            yield from named_types(item)
    elif isinstance(node, dict):
        if node.get("type") in ("record", "enum"):
            yield node
        for key in ("type", "fields", "items", "values"):
            yield from named_types(node.get(key))


def test_there_is_one_source_file_per_event_type_and_no_other() -> None:
    assert sorted(p.stem for p in AVRO_DIR.glob("*.avsc")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_record_name_is_the_class_name(name: str) -> None:
    schema = current_schema(name)
    assert (schema["namespace"], schema["name"]) == (NAMESPACE, name)


@pytest.mark.parametrize("name", NAMES)
def test_every_field_and_type_is_documented(name: str) -> None:
    for definition in named_types(current_schema(name)):
        assert definition.get("doc", "").strip(), definition["name"]
        for field in definition.get("fields", []):
            assert field.get("doc", "").strip(), f"{definition['name']}.{field['name']}"


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_stands_alone_and_defines_each_type_once(name: str) -> None:
    avro.schema.parse(json.dumps(current_schema(name)))
    defined = [d["name"] for d in named_types(current_schema(name))]
    assert len(defined) == len(set(defined))


@pytest.mark.parametrize("name", NAMES)
def test_fields_match_the_dataclass_and_its_defaults(name: str) -> None:
    fields = dataclasses.fields(ev.EVENTS_BY_NAME[name])
    avro_fields = current_schema(name)["fields"]
    assert [f["name"] for f in avro_fields] == [f.name for f in fields]
    assert [f["name"] for f in avro_fields[: len(ENVELOPE)]] == ENVELOPE
    for field, avro_field in zip(fields, avro_fields, strict=True):
        has_default = not isinstance(field.default, type(dataclasses.MISSING)) or not isinstance(
            field.default_factory, type(dataclasses.MISSING)
        )
        assert has_default == ("default" in avro_field), field.name


@pytest.mark.parametrize("name", NAMES)
def test_envelope_times_are_utc_milliseconds_and_the_id_a_uuid(name: str) -> None:
    fields = {f["name"]: f["type"] for f in current_schema(name)["fields"]}
    for time_field in ("event_time", "recorded_time"):
        assert fields[time_field] == {"type": "long", "logicalType": "timestamp-millis"}
    assert fields["event_id"] == {"type": "string", "logicalType": "uuid"}
    assert fields["causation_id"] == ["null", "string"]


def test_enums_match_the_code_and_default_to_unknown() -> None:
    seen: dict[str, dict[str, Any]] = {}
    for name in NAMES:
        for enum in (d for d in named_types(current_schema(name)) if d["type"] == "enum"):
            assert enum == seen.setdefault(enum["name"], enum), "one enum, two definitions"
            assert enum["default"] == "UNKNOWN"
            assert enum["symbols"] == [m.value for m in ENUMS[enum["name"]]]
    assert set(seen) == set(ENUMS)


def test_shared_records_are_identical_wherever_they_appear() -> None:
    seen: dict[str, dict[str, Any]] = {}
    for name in NAMES:
        for record in named_types(current_schema(name)):
            if record["name"] != name:
                assert record == seen.setdefault(record["name"], record)
    assert {"Location", "Petitioner"} <= set(seen)


def test_personal_data_is_marked_only_on_the_petitioner_and_its_erasure_subject() -> None:
    marked = {name: pii_fields(name) for name in NAMES if pii_fields(name)}
    assert marked == {
        "PetitionReceived": (
            (("petitioner", "name"), None),
            (("petitioner", "phone"), "phone"),
            (("petitioner", "openid"), None),
            (("petitioner", "key"), None),
            (("sealed_subject",), None),
        ),
        "PetitionerErased": ((("subject",), None),),
    }
