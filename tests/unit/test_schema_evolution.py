"""Schema evolution: every released version is kept and readable by the current schema."""

from __future__ import annotations

import copy
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from schemas.catalog import HISTORY_DIR, current_schema, event_names, history, subject_for
from schemas.codec import Codec
from schemas.compat import backward_transitive_problems, incompatibilities
from schemas.registry import REGISTRY_FILE, FileRegistry, UnknownSchema
from schemas.release import IncompatibleSchema, main, pending, release
from tests import factories

NAMES = event_names()
REGISTRY = FileRegistry()


@pytest.mark.parametrize("name", NAMES)
def test_the_current_schema_is_the_latest_released_version(name: str) -> None:
    assert history(name), f"{name} was never released"
    assert history(name)[-1] == current_schema(name)


def test_nothing_is_waiting_to_be_released() -> None:
    assert pending(REGISTRY) == []
    assert main(["--check"]) == 0


@pytest.mark.parametrize("name", NAMES)
def test_the_current_schema_reads_data_of_every_earlier_version(name: str) -> None:
    assert backward_transitive_problems(current_schema(name), history(name)) == {}


@pytest.mark.parametrize("name", NAMES)
def test_every_released_version_has_its_own_stable_id(name: str) -> None:
    versions = REGISTRY.subjects[subject_for(name)]
    assert sorted(versions, key=int) == [str(n) for n in range(1, len(history(name)) + 1)]
    for version, schema_id in versions.items():
        assert REGISTRY.schema_for(schema_id) == history(name)[int(version) - 1]
    assert REGISTRY.id_for(subject_for(name), current_schema(name)) == versions[str(len(versions))]


def test_ids_are_never_shared_between_versions() -> None:
    ids = [i for versions in REGISTRY.subjects.values() for i in versions.values()]
    assert len(ids) == len(set(ids))


def test_an_unreleased_schema_has_no_id() -> None:
    changed = current_schema("ClockTicked")
    changed["doc"] = "changed"
    with pytest.raises(UnknownSchema, match="release"):
        REGISTRY.id_for(subject_for("ClockTicked"), changed)


def test_petition_received_v2_added_fields_with_defaults() -> None:
    v1, v2 = history("PetitionReceived")[:2]
    added = {f["name"] for f in v2["fields"]} - {f["name"] for f in v1["fields"]}
    assert added == {"employer", "attributes"}
    assert all("default" in f for f in v2["fields"] if f["name"] in added)


def with_field(schema: dict[str, Any], field: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(schema)
    changed["fields"].append(field)
    return changed


def test_the_checker_flags_a_new_field_without_default() -> None:
    reader = with_field(current_schema("PetitionResolved"), {"name": "cost", "type": "int"})
    assert "cost" in str(incompatibilities(reader, current_schema("PetitionResolved")))
    problems = backward_transitive_problems(reader, history("PetitionResolved"))
    assert set(problems) == {1, 2}


def test_the_checker_flags_a_changed_field_type() -> None:
    reader = copy.deepcopy(current_schema("PetitionReopened"))
    reopen_count = next(f for f in reader["fields"] if f["name"] == "reopen_count")
    reopen_count["type"] = "string"
    assert incompatibilities(reader, current_schema("PetitionReopened"))


def test_an_old_reader_survives_a_new_enum_symbol_only_thanks_to_the_default() -> None:
    old = current_schema("FeedbackRecorded")
    new = copy.deepcopy(old)
    satisfaction = next(f for f in new["fields"] if f["name"] == "satisfaction")
    satisfaction["type"]["symbols"].insert(0, "VERY_SATISFIED")
    assert incompatibilities(old, new) == set()
    del next(f for f in old["fields"] if f["name"] == "satisfaction")["type"]["default"]
    assert incompatibilities(old, new)


def v1_codec() -> Codec:
    """A codec as the program of PetitionReceived v1 had it."""
    return Codec(REGISTRY, schemas={"PetitionReceived": history("PetitionReceived")[0]})


def test_v1_bytes_decode_into_the_current_class_with_defaults() -> None:
    old_event = replace(factories.received(), employer=None, attributes={})
    data = v1_codec().encode(replace(old_event, employer="lost in v1", attributes={"a": ("b",)}))
    assert data[1:5] == REGISTRY.subjects["jiesu.events.PetitionReceived"]["1"].to_bytes(4, "big")
    assert Codec(REGISTRY).decode(data) == old_event


def test_an_old_reader_drops_fields_it_does_not_know() -> None:
    event = replace(factories.received(), employer="淄博某纺织厂")
    decoded = v1_codec().decode(Codec(REGISTRY).encode(event))
    assert decoded == replace(event, employer=None, attributes={})


def test_an_upcast_fills_in_what_avro_resolution_cannot() -> None:
    def employer_from_text(record: dict[str, Any], writer: dict[str, Any]) -> dict[str, Any]:
        if "employer" not in {f["name"] for f in writer["fields"]}:
            return {**record, "employer": record["text"].split("，")[0]}
        return record

    upcasting = Codec(REGISTRY, upcasts={"PetitionReceived": employer_from_text})
    event = replace(
        factories.received(), text="淄博某纺织厂，工龄认定", employer=None, attributes={}
    )
    assert upcasting.decode(v1_codec().encode(event)) == replace(event, employer="淄博某纺织厂")
    current = replace(event, employer="其他厂")
    assert upcasting.decode(upcasting.encode(current)) == current


def scratch_registry(tmp_path: Path) -> FileRegistry:
    """A copy of the committed registry and history to release into."""
    shutil.copytree(HISTORY_DIR, tmp_path / "history")
    shutil.copy(REGISTRY_FILE, tmp_path / "registry.json")
    return FileRegistry(tmp_path / "registry.json", tmp_path / "history")


def test_releasing_a_compatible_change_adds_a_version_and_the_next_id(tmp_path: Path) -> None:
    registry = scratch_registry(tmp_path)
    changed = with_field(
        current_schema("ClockTicked"),
        {"name": "zone", "type": "string", "default": "Asia/Shanghai", "doc": "Time zone."},
    )
    new_id = release("ClockTicked", changed, registry)
    assert new_id == max(i for v in REGISTRY.subjects.values() for i in v.values()) + 1
    assert history("ClockTicked", registry.history_dir) == [*history("ClockTicked"), changed]
    reloaded = FileRegistry(registry.path, registry.history_dir)
    assert reloaded.id_for(subject_for("ClockTicked"), changed) == new_id
    newer = Codec(reloaded, schemas={"ClockTicked": changed})
    tick = next(e for e in factories.one_of_each() if type(e).__name__ == "ClockTicked")
    assert newer.encode(tick)[1:5] == new_id.to_bytes(4, "big")
    assert Codec(reloaded).decode(newer.encode(tick)) == tick


def test_releasing_an_incompatible_change_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    registry = scratch_registry(tmp_path)
    changed = with_field(current_schema("ClockTicked"), {"name": "zone", "type": "string"})
    with pytest.raises(IncompatibleSchema, match="zone"):
        release("ClockTicked", changed, registry)
    assert history("ClockTicked", registry.history_dir) == history("ClockTicked")
    assert registry.path.read_text() == REGISTRY_FILE.read_text()
