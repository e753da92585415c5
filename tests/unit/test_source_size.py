"""No source module over 200 lines: a module that grows past it holds two ideas, and the
next reader should find each by its own name (tests and scripts are not held to it)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("jiesu", "schemas", "producers", "streams", "projections", "bench")
LIMIT = 200


def test_no_source_module_is_over_200_lines() -> None:
    modules = [p for package in PACKAGES for p in (REPO / package).rglob("*.py")]
    assert len(modules) > 100, "the packages were not found"
    sizes = {str(p.relative_to(REPO)): len(p.read_text().splitlines()) for p in modules}
    assert {path: n for path, n in sizes.items() if n > LIMIT} == {}
