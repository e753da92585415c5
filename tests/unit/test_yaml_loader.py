"""The fast YAML loader reads every file we ship exactly as PyYAML's pure-Python one does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jiesu.config import LOADER, ConfigError, load_yaml, parse_yaml

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    p
    for folder in ("jiesu", "producers", "streams", "projections")
    for p in (REPO / folder).rglob("*.yaml")
)


def test_libyaml_is_the_loader_where_pyyaml_has_it() -> None:
    assert LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_every_shipped_file_reads_the_same_with_either_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parse_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_the_fast_loader_stays_safe_and_names_a_broken_file(tmp_path: Path) -> None:
    with pytest.raises(yaml.YAMLError):
        parse_yaml("!!python/object/apply:os.system ['true']")
    (tmp_path / "sla.yaml").write_text("tiers: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sla\.yaml"):
        load_yaml("sla.yaml", tmp_path)
