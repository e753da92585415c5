"""The schema files: sources composed into self-contained event schemas, and their history.

Each event's source ``avro/<Name>.avsc`` holds only its own fields and names the shared types
(the envelope, enums, ``Location``, ``Petitioner``) it uses; those live once in
``avro/shared/<namespace>.<name>.avsc``. Composing puts the envelope's fields in front and
inlines each shared type where it is first used, so every composed schema stands alone, as a
Schema Registry wants it, while no definition is written twice by hand. Every released
composition is frozen in ``avro/history/<Name>/v<N>.avsc``; the latest one must equal the
current composition (a test checks it) and ``python -m schemas.release`` adds new ones.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jiesu.domain.events import EVENT_TYPES

AVRO_DIR = Path(__file__).parent / "avro"
SHARED_DIR = AVRO_DIR / "shared"
HISTORY_DIR = AVRO_DIR / "history"
NAMESPACE = "jiesu.events"

Schema = dict[str, Any]


def subject_for(name: str) -> str:
    """The registry subject of an event type (RecordNameStrategy: the full record name)."""
    return f"{NAMESPACE}.{name}"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _shared() -> dict[str, Schema]:
    return {p.name.removesuffix(".avsc"): read_json(p) for p in SHARED_DIR.glob("*.avsc")}


def _inline(node: Any, shared: dict[str, Schema], seen: set[str]) -> Any:
    """``node`` with each shared type's definition put in place of its first reference."""
    if isinstance(node, str) and node in shared and node not in seen:
        seen.add(node)
        return _inline(copy.deepcopy(shared[node]), shared, seen)
    if isinstance(node, list):
        return [_inline(item, shared, seen) for item in node]
    if isinstance(node, dict):
        if node.get("type") in ("record", "enum", "fixed"):
            seen.add(f"{node.get('namespace', NAMESPACE)}.{node['name']}")
        return {key: _inline(value, shared, seen) for key, value in node.items()}
    return node


def compose(source: Schema) -> Schema:
    """The self-contained schema of an event source: envelope fields first, types inlined."""
    shared = _shared()
    schema = {key: value for key, value in source.items() if key != "envelope"}
    envelope = shared[source["envelope"]]
    schema["fields"] = copy.deepcopy(envelope["fields"]) + list(source["fields"])
    return dict(_inline(schema, shared, set()))


@cache
def _current(name: str) -> Schema:
    return compose(read_json(AVRO_DIR / f"{name}.avsc"))


def current_schema(name: str) -> Schema:
    """The composed schema the code writes and reads ``name`` with (a fresh copy)."""
    return copy.deepcopy(_current(name))


def event_names() -> list[str]:
    """Every event type name, in lifecycle order."""
    return [event_type.__name__ for event_type in EVENT_TYPES]


def history_path(name: str, version: int, history_dir: Path = HISTORY_DIR) -> Path:
    return history_dir / name / f"v{version}.avsc"


def history(name: str, history_dir: Path = HISTORY_DIR) -> list[Schema]:
    """Every released schema of ``name``: index 0 is v1."""
    versions: list[Schema] = []
    while (path := history_path(name, len(versions) + 1, history_dir)).exists():
        versions.append(read_json(path))
    return versions
