"""Builds the policy from configuration: ``sla.yaml``, ``routing.yaml``, the taxonomy, the
department catalogue, the city model (property companies, duty roster), the statutory
calendar and the operator's holiday file (``JIESU_HOLIDAYS_FILE``)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.config.checks import YamlChecks
from jiesu.config.city import load_city
from jiesu.config.departments import check_categories, load_catalogue
from jiesu.config.holidays import load_calendar
from jiesu.config.roster import load_roster
from jiesu.config.routing import load_routing
from jiesu.domain.departments import Catalogue
from jiesu.domain.events import SlaTier
from jiesu.domain.policy import Policy
from jiesu.domain.routing import RoutingTable
from jiesu.domain.rules import PolicyConfig
from jiesu.domain.sla import Allowance, Limit, SlaConfig, TierSla
from jiesu.settings import Settings

FILE = "sla.yaml"
CHECK = YamlChecks(FILE)


def load_policy(settings: Settings) -> Policy:
    """The policy the stream worker runs; a broken file, or files that disagree (a rule
    naming a department the catalogue lacks), is a ConfigError naming it."""
    from jiesu.config.taxonomy import load_taxonomy
    from jiesu.domain.classification import classify

    taxonomy = load_taxonomy(settings.config_dir)
    routing = load_routing(settings.config_dir)
    catalogue = load_catalogue(settings.config_dir)
    check_categories(catalogue, {c.id for c in taxonomy.categories})
    check_departments(routing, catalogue)
    city = load_city(settings.config_dir)
    return Policy(
        PolicyConfig(
            classifier=partial(classify, taxonomy=taxonomy),
            routing=routing,
            sla=load_sla(settings.config_dir),
            calendar=load_calendar(settings.holidays_file, settings.config_dir),
            category_names={c.id: c.name for c in taxonomy.categories},
            catalogue=catalogue,
            roster=load_roster(settings.config_dir),
            properties={c.code: c.property_company for c in city.compounds() if c.property_company},
        )
    )


def check_departments(routing: RoutingTable, catalogue: Catalogue) -> None:
    """Every department a routing rule names is in the catalogue."""
    known = catalogue.ids()
    for rule in routing.rules:
        unknown = [d for d in (rule.department, *rule.co_departments) if d and d not in known]
        if unknown:
            raise ConfigError(
                f"routing.yaml: rule {rule.id!r} names unknown department {unknown[0]!r}"
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
    return CHECK.mapping(data.get(key) or {}, key)


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
