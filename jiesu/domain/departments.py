"""The department catalogue (职能部门): who answers for which matters, as plain data.

Each department has the name the city uses (人社局, 城管局, …), the categories it answers
for and the words of the matters it handles. The catalogue names the departments a whistle
summons when a route names none, and the department a "not ours" return (退单) points to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Department:
    """One functional department or public utility; ``aliases`` are other names it goes by
    in handlers' writing (人社, 劳动监察), ``keywords`` words of the matters it handles."""

    id: str
    name: str
    full_name: str = ""
    kind: str = "bureau"
    aliases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.full_name, *self.aliases) if n)


@dataclass(frozen=True)
class Catalogue:
    """Every department, in file order."""

    version: str
    departments: tuple[Department, ...]

    def get(self, department_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)

    def ids(self) -> frozenset[str]:
        return frozenset(d.id for d in self.departments)

    def for_category(self, category: str) -> tuple[str, ...]:
        """The departments that answer for ``category``."""
        return tuple(d.id for d in self.departments if category in d.categories)

    def by_words(self, terms: Iterable[str]) -> tuple[str, ...]:
        """The departments one of whose matter words is among ``terms``."""
        words = set(terms)
        return tuple(d.id for d in self.departments if words.intersection(d.keywords))

    def concerned(self, category: str, terms: Iterable[str]) -> tuple[str, ...]:
        """Whom a whistle summons when the route named nobody: the departments whose matter
        words the petition uses, else those answering for its category."""
        return self.by_words(terms) or self.for_category(category)

    def named_in(self, text: str) -> tuple[str, ...]:
        """The departments a handler's text names (应由市场监管局处理), by first mention."""
        found: list[tuple[int, str]] = []
        for department in self.departments:
            places = [text.find(n) for n in department.names() if n in text]
            if places:
                found.append((min(places), department.id))
        return tuple(d for _, d in sorted(found))

    def vocabulary(self) -> tuple[str, ...]:
        """Every matter word of the catalogue (rule words the record keeps)."""
        return tuple(dict.fromkeys(w for d in self.departments for w in d.keywords))
