"""Our category taxonomy as Open311 services: a category id is its ``service_code``."""

from __future__ import annotations

from pathlib import Path

from jiesu.domain.taxonomy import Attribute as CategoryAttribute
from jiesu.domain.taxonomy import Category, Taxonomy
from producers.open311.services import DATATYPES, Attribute, Service, Services


def services_from_taxonomy(taxonomy: Taxonomy) -> Services:
    """One service per category, in the taxonomy's order."""
    return Services(tuple(service_of(c) for c in taxonomy.categories))


def load_services(config_dir: Path | None) -> Services:
    from jiesu.config.taxonomy import load_taxonomy

    return services_from_taxonomy(load_taxonomy(config_dir))


def service_of(category: Category) -> Service:
    return Service(
        code=category.id,
        name=category.name,
        description=category.description,
        group=category.group,
        keywords=category.keywords,
        attributes=tuple(_attribute(a, i + 1) for i, a in enumerate(category.attributes)),
    )


def _attribute(attribute: CategoryAttribute, order: int) -> Attribute:
    datatype = attribute.datatype if attribute.datatype in DATATYPES else "string"
    return Attribute(
        code=attribute.code,
        description=attribute.description,
        datatype=datatype,
        required=attribute.required,
        order=order,
        values=attribute.values,
    )
