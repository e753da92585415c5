"""Builds the policy from configuration: ``sla.yaml``, ``routing.yaml``, the taxonomy, the
statutory calendar and the operator's holiday file (``JIESU_HOLIDAYS_FILE``)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.config.holidays import load_calendar
from jiesu.config.routing import load_routing
from jiesu.domain.events import SlaTier
from jiesu.domain.policy import Policy
from jiesu.domain.rules import PolicyConfig
from jiesu.domain.sla import Allowance, Limit, SlaConfig, TierSla
from jiesu.settings import Settings

FILE = "sla.yaml"


def load_policy(settings: Settings) -> Policy:
    """The policy the stream worker runs; a broken file is a ConfigError naming it.

    The whistle summons the departments the taxonomy gives a category, unless
    ``routing.yaml``'s ``whistle_departments`` names others for it."""
    from jiesu.config.taxonomy import load_taxonomy
    from jiesu.domain.classification import classify

    taxonomy = load_taxonomy(settings.config_dir)
    routing = load_routing(settings.config_dir)
    summoned = {c.id: c.departments for c in taxonomy.categories}
    summoned.update(routing.whistle_departments)
    return Policy(
        PolicyConfig(
            classifier=partial(classify, taxonomy=taxonomy),
            routing=replace(routing, whistle_departments=summoned),
            sla=load_sla(settings.config_dir),
            calendar=load_calendar(settings.holidays_file, settings.config_dir),
            category_names={c.id: c.name for c in taxonomy.categories},
        )
    )


def load_sla(config_dir: Path | None = None) -> SlaConfig:
    return sla_from_data(load_yaml(FILE, config_dir))


def sla_from_data(data: Any) -> SlaConfig:
    if not isinstance(data, dict) or not isinstance(data.get("tiers"), dict):
        raise ConfigError(f"{FILE}: expected a mapping with 'tiers'")
    tiers = {_tier(name): _tier_sla(name, raw) for name, raw in data["tiers"].items()}
    default = _tier(str(data.get("default_tier") or "ORDINARY"))
    if default not in tiers:
        raise ConfigError(f"{FILE}: default_tier {default.value} has no entry under tiers")
    emergency, whistle = _mapping(data, "emergency"), _mapping(data, "whistle")
    callback = _mapping(data, "callback")
    fraction = data.get("warn_fraction", 0.8)
    if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not 0 < fraction <= 1:
        raise ConfigError(f"{FILE}: warn_fraction must be a number in (0, 1]")
    return SlaConfig(
        tiers=tiers,
        default_tier=default,
        emergency_response=_optional(emergency.get("response"), "emergency.response"),
        emergency_resolution=_optional(emergency.get("resolution"), "emergency.resolution"),
        warn_fraction=float(fraction),
        report_within=_allowance(whistle.get("report_within", {"hours": 24}), "whistle"),
        callback_within=_allowance(callback.get("within", {"working_days": 3}), "callback"),
        version=str(data.get("version") or ""),
    )


def _tier(name: str) -> SlaTier:
    if name not in SlaTier.__members__ or name == "UNKNOWN":
        raise ConfigError(f"{FILE}: unknown tier {name!r}")
    return SlaTier[name]


def _tier_sla(name: str, raw: Any) -> TierSla:
    if not isinstance(raw, dict):
        raise ConfigError(f"{FILE}: tiers.{name} must be a mapping")
    return TierSla(
        response=_limit(raw.get("response"), f"tiers.{name}.response"),
        resolution=_limit(raw.get("resolution"), f"tiers.{name}.resolution"),
        escalated=_optional(raw.get("escalated"), f"tiers.{name}.escalated"),
    )


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{FILE}: {key} must be a mapping")
    return value


def _optional(raw: Any, where: str) -> Limit | None:
    return None if raw is None else _limit(raw, where)


def _limit(raw: Any, where: str) -> Limit:
    """One allowance, or a list of them: whichever comes first."""
    if isinstance(raw, list) and raw:
        return Limit(tuple(_allowance(item, f"{where}[{i}]") for i, item in enumerate(raw)))
    return Limit((_allowance(raw, where),))


def _allowance(raw: Any, where: str) -> Allowance:
    """Exactly one of minutes, hours or working_days, a positive number."""
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ConfigError(f"{FILE}: {where} needs exactly one of minutes, hours, working_days")
    ((unit, amount),) = raw.items()
    number_ok = isinstance(amount, int | float) and not isinstance(amount, bool) and amount > 0
    if unit == "working_days" and number_ok and isinstance(amount, int):
        return Allowance(working_days=amount)
    if unit in ("minutes", "hours") and number_ok:
        return Allowance(minutes=float(amount) * (60 if unit == "hours" else 1))
    raise ConfigError(
        f"{FILE}: {where}: {unit}: {amount!r} is not a positive amount (whole working days)"
    )
