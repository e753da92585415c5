"""Loads the ``linking:`` section of ``taxonomy.yaml``: windows, group threshold, similarity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.config.taxonomy import CHECK, FILE, load_taxonomy
from jiesu.domain.linking import LinkIndex, LinkSettings


def load_link_settings(config_dir: Path | None = None) -> LinkSettings:
    """The ``linking:`` section: windows, group threshold and text similarity."""
    return link_settings_from_data(CHECK.mapping(load_yaml(FILE, config_dir), "top level"))


def link_index_factory(config_dir: Path | None = None) -> Callable[[], LinkIndex]:
    """Makes fresh link indexes bound to this taxonomy and its linking settings."""
    taxonomy, settings = load_taxonomy(config_dir), load_link_settings(config_dir)
    return lambda: LinkIndex(taxonomy, settings)


def link_settings_from_data(data: dict[str, Any]) -> LinkSettings:
    raw = CHECK.mapping(data.get("linking") or {}, "linking")
    threshold = raw.get("group_threshold", 5)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise ConfigError(f"{FILE}: linking.group_threshold must be a whole number ≥ 2")
    similarity = CHECK.number(raw.get("similarity", 0.5), "linking.similarity")
    if similarity > 1:
        raise ConfigError(f"{FILE}: linking.similarity must be within [0, 1]")
    repeat_similarity = CHECK.number(raw.get("repeat_similarity", 0.5), "linking.repeat_similarity")
    if repeat_similarity > 1:
        raise ConfigError(f"{FILE}: linking.repeat_similarity must be within [0, 1]")
    return LinkSettings(
        repeat_window=timedelta(days=CHECK.number(raw.get("repeat_window_days", 30), "linking")),
        group_window=timedelta(days=CHECK.number(raw.get("group_window_days", 14), "linking")),
        group_threshold=threshold,
        similarity=similarity,
        repeat_similarity=repeat_similarity,
        group_memory=timedelta(days=CHECK.number(raw.get("group_memory_days", 180), "linking")),
    )
