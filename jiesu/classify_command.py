"""`jiesu classify`: one text's judgement, or the classifier measured on a labelled set.

``jiesu classify --evaluate`` measures the shipped evaluation set; ``--evaluate FILE`` any
set of the same form (the development and hold-out sets ship beside it). Tables by default,
``--json`` for one JSON object. A file that cannot be read, or holds an unknown category, is
a message and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from jiesu.config import ConfigError
from jiesu.config.labelled import EVALUATION_SET, evaluate_set
from jiesu.config.taxonomy import load_taxonomy
from jiesu.domain.classification import judge
from jiesu.domain.evaluation import Report, Scores
from jiesu.domain.taxonomy import Taxonomy
from jiesu.settings import get_settings


def classify_command(
    target: str | None, evaluate: bool, hint: str | None, misses: bool, as_json: bool
) -> None:
    console = Console()
    try:
        taxonomy = load_taxonomy(get_settings().config_dir)
        if evaluate:
            path = Path(target) if target else EVALUATION_SET
            report = evaluate_set(path, taxonomy)
        elif not target:
            raise ConfigError("give a petition's text, or --evaluate [FILE]")
    except ConfigError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if not evaluate:
        _one(console, taxonomy, str(target), hint, as_json)
    elif as_json:
        print(json.dumps(report_json(report, path), ensure_ascii=False))
    else:
        _tables(console, taxonomy, report, path, misses)


def _one(console: Console, taxonomy: Taxonomy, text: str, hint: str | None, as_json: bool) -> None:
    found = judge(text, hint, taxonomy)
    data = {
        "category": found.category,
        "source": found.source,
        "suggested": found.suggested,
        "tier": found.sla_tier.value,
        "emergency": found.emergency,
        "keywords": list(found.keywords),
        "score": found.score,
        "taxonomy_version": found.taxonomy_version,
    }
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return
    table = Table(show_header=False)
    for key, value in data.items():
        table.add_row(key, "、".join(value) if isinstance(value, list) else str(value))
    console.print(table)


def report_json(report: Report, path: Path) -> dict[str, Any]:
    return {
        "set": str(path),
        "size": report.size,
        "macro_f1": round(report.macro_f1, 4),
        "accuracy": round(report.accuracy, 4),
        "tier_accuracy": round(report.tier_accuracy, 4),
        "emergency": _scores(report.emergency),
        "categories": {c: _scores(s) for c, s in report.categories.items()},
        "confusion": report.confusion,
        "misses": [
            {"text": item.text, "labelled": item.category, "judged": got.category}
            for item, got in report.misses
        ],
    }


def _scores(scores: Scores) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "precision": rounded(scores.precision),
        "recall": rounded(scores.recall),
        "f1": round(scores.f1, 4),
        "support": scores.support,
    }


def _tables(console: Console, taxonomy: Taxonomy, report: Report, path: Path, misses: bool) -> None:
    names = {c.id: c.name for c in taxonomy.categories}
    table = Table(title=f"{path.name}: {report.size} petitions")
    for column in ("category", "name", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column in ("category", "name") else "right")
    for category, s in report.categories.items():
        table.add_row(category, names.get(category, ""), _pct(s.precision), _pct(s.recall),
                      _pct(s.f1), str(s.support))  # fmt: skip
    console.print(table)
    console.print(_confusion(report, names))
    em = report.emergency
    console.print(
        f"macro-F1 [bold]{report.macro_f1:.3f}[/bold]  accuracy {report.accuracy:.3f}  "
        f"tier accuracy {report.tier_accuracy:.3f}  emergency precision {_pct(em.precision)} "
        f"recall {_pct(em.recall)} ({em.support} emergencies)"
    )
    if misses:
        for item, got in report.misses:
            console.print(f"[yellow]{item.category} → {got.category}[/yellow] {item.text}")


def _confusion(report: Report, names: dict[str, str]) -> Table:
    """Rows are the labelled categories (numbered), columns the judged ones by number."""
    table = Table(
        title="confusion (rows: labelled, columns: judged)", box=box.SIMPLE_HEAD, padding=(0, 0)
    )
    order = list(report.confusion)
    table.add_column("", no_wrap=True, min_width=7)
    for number in range(1, len(order) + 1):
        table.add_column(str(number), justify="right", no_wrap=True, min_width=3)
    for number, category in enumerate(order, 1):
        row = report.confusion[category]
        cells = [str(row[c]) if row[c] else "·" for c in order]
        table.add_row(f"{number:>2} {names.get(category, category)[:2]} ", *cells)
    return table


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
