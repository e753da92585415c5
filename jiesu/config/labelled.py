"""Reads labelled petitions (the classifier's development and evaluation sets) and judges them.

A set is a YAML file with a list ``items`` of ``{text, category, tier?, emergency?}``;
every category must be one of the taxonomy's and every tier a known one, or the file is
refused with the item's place, so a typo cannot quietly lower (or raise) a figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from jiesu.config import ConfigError, parse_yaml
from jiesu.domain.classification import judge
from jiesu.domain.evaluation import Judged, Labelled, Report, evaluate
from jiesu.domain.taxonomy import TIER_ORDER, Taxonomy

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EVALUATION_SET = DATA_DIR / "classification_evaluation.yaml"
DEVELOPMENT_SET = DATA_DIR / "classification_development.yaml"
_TIERS = {t.value for t in TIER_ORDER}


def load_labelled(path: Path, taxonomy: Taxonomy) -> list[Labelled]:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read labelled petitions {path}: {exc}") from exc
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{path.name}: expected a mapping with a non-empty list 'items'")
    known = {c.id for c in taxonomy.categories}
    return [_item(raw, f"{path.name}: items[{i}]", known) for i, raw in enumerate(items)]


def _item(raw: Any, where: str, categories: set[str]) -> Labelled:
    if not isinstance(raw, dict) or not str(raw.get("text") or "").strip():
        raise ConfigError(f"{where} needs a text")
    category, tier = str(raw.get("category")), str(raw.get("tier") or "ORDINARY")
    if category not in categories:
        raise ConfigError(f"{where}: unknown category {category!r}")
    if tier not in _TIERS:
        raise ConfigError(f"{where}: unknown tier {tier!r}")
    emergency = raw.get("emergency", False)
    if not isinstance(emergency, bool):
        raise ConfigError(f"{where}: emergency must be true or false")
    return Labelled(str(raw["text"]), category, tier, emergency)


def judged(items: list[Labelled], taxonomy: Taxonomy) -> list[Judged]:
    """The classifier's judgement of each text, with no channel category (the classifier's
    own skill is what is measured)."""
    made = []
    for item in items:
        found = judge(item.text, None, taxonomy)
        made.append(Judged(found.category, found.sla_tier.value, found.emergency))
    return made


def evaluate_set(path: Path, taxonomy: Taxonomy) -> Report:
    items = load_labelled(path, taxonomy)
    return evaluate(items, judged(items, taxonomy), [c.id for c in taxonomy.categories])
