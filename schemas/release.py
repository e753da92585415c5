"""Release changed event schemas: ``python -m schemas.release [--check]``.

For each event whose composed schema differs from its latest history version, the new
composition is checked BACKWARD_TRANSITIVE against every earlier version, written as the next
``history/<Name>/v<N>.avsc`` and given the next free id in ``registry.json``. ``--check``
only lists what would be released and exits 1 if anything would.
"""

from __future__ import annotations

import json
import sys

from schemas.catalog import Schema, current_schema, event_names, history, history_path, subject_for
from schemas.compat import backward_transitive_problems
from schemas.registry import FileRegistry


class IncompatibleSchema(ValueError):
    """A changed schema cannot read data written with an earlier version."""


def pending(registry: FileRegistry) -> list[str]:
    """The event names whose current schema is not yet released."""
    return [
        name
        for name in event_names()
        if history(name, registry.history_dir)[-1:] != [current_schema(name)]
    ]


def release(name: str, schema: Schema, registry: FileRegistry) -> int:
    """Freeze ``schema`` as the next version of ``name``; return its new id."""
    earlier = history(name, registry.history_dir)
    problems = backward_transitive_problems(schema, earlier)
    if problems:
        raise IncompatibleSchema(f"{name} cannot read versions {problems}")
    version = len(earlier) + 1
    path = history_path(name, version, registry.history_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return registry.add(subject_for(name), version)


def main(argv: list[str]) -> int:
    registry = FileRegistry()
    names = pending(registry)
    if "--check" in argv:
        print("\n".join(f"unreleased: {n}" for n in names) or "all schemas released")
        return 1 if names else 0
    for name in names:
        try:
            print(f"{name}: released as id {release(name, current_schema(name), registry)}")
        except IncompatibleSchema as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
