"""The policy as the worker loads it: shipped files, the real taxonomy and classifier, and the
operator's holiday file and configuration directory from the settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jiesu.config import ConfigError
from jiesu.config.policy import load_policy
from jiesu.domain import events as ev
from jiesu.settings import Settings
from tests.calendar_support import write_2027
from tests.factories import received


def test_the_loaded_policy_classifies_and_routes_a_real_petition(tmp_path: Path) -> None:
    policy = load_policy(Settings(config_dir=tmp_path))
    petition = received()
    decision = policy.on_event(None, petition, petition.event_time)
    classified, routed = decision.events[:2]
    assert isinstance(classified, ev.PetitionClassified)
    assert classified.category == "sanitation"
    assert (classified.source, classified.suggested_category) == ("channel", None)
    assert isinstance(routed, ev.PetitionRouted)
    assert (routed.unit, routed.rule) == ("dept:sanitation", "sanitation-street")
    assert routed.target == "24小时内现场办成，答复诉求人"


def test_the_policy_knows_the_department_catalogue_roster_and_property_companies(
    tmp_path: Path,
) -> None:
    config = load_policy(Settings(config_dir=tmp_path)).config
    assert config.catalogue.for_category("utilities") == ("water", "power", "heating", "gas")
    assert config.catalogue.get("human_resources").name == "人社局"  # type: ignore[union-attr]
    assert config.properties["zd.cz.cg.c01"] == "yuegang"
    assert "zd.cz.xh.c03" not in config.properties
    assert config.roster.duties("community:zd.cz.cg")[0].role == "社区党委书记"
    assert config.category_names["sanitation"] == "环境卫生"


def test_a_routing_rule_naming_a_department_the_catalogue_lacks_stops_the_load(
    tmp_path: Path,
) -> None:
    (tmp_path / "routing.yaml").write_text(
        "fallback_unit: district:zd\nrules: [{id: x, then: {department: weather}}]\n"
    )
    with pytest.raises(ConfigError, match="rule 'x' names unknown department 'weather'"):
        load_policy(Settings(config_dir=tmp_path))


def test_a_catalogue_naming_a_category_the_taxonomy_lacks_stops_the_load(tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text(
        "departments: [{id: water, name: 供水公司, categories: [weather]}]\n"
    )
    with pytest.raises(ConfigError, match="unknown category 'weather'"):
        load_policy(Settings(config_dir=tmp_path))


def test_the_holiday_file_named_in_the_settings_is_used(tmp_path: Path) -> None:
    policy = load_policy(Settings(config_dir=tmp_path, holidays_file=write_2027(tmp_path)))
    assert policy.config.calendar.is_working_day(date(2027, 2, 20))  # the file's Saturday
    assert not policy.config.calendar.is_provisional(2027)
    assert policy.calendar_metrics.fallback_days == 0


def test_an_invalid_holiday_file_stops_the_load_with_its_line(tmp_path: Path) -> None:
    holidays = tmp_path / "holidays.yaml"
    holidays.write_text("2027: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"holidays\.yaml:1: year 2027 is empty"):
        load_policy(Settings(config_dir=tmp_path, holidays_file=holidays))


def test_an_operator_sla_file_overrides_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "sla.yaml").write_text(
        "tiers:\n  ORDINARY: {response: {hours: 1}, resolution: {hours: 8}}\n", encoding="utf-8"
    )
    policy = load_policy(Settings(config_dir=tmp_path))
    assert policy.config.sla.tiers[ev.SlaTier.ORDINARY].resolution.allowances[0].minutes == 8 * 60


def test_a_broken_operator_routing_file_stops_the_load_with_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "routing.yaml").write_text("rules: [{id: x}]\nfallback_unit: district:zd\n")
    with pytest.raises(ConfigError, match="rule 'x'"):
        load_policy(Settings(config_dir=tmp_path))
