"""The classifier measured: the evaluation set's figures, kept apart from the development set."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from jiesu.cli import app
from jiesu.config import ConfigError
from jiesu.config.labelled import (
    DATA_DIR,
    DEVELOPMENT_SET,
    EVALUATION_SET,
    evaluate_set,
    load_labelled,
)
from jiesu.config.taxonomy import load_taxonomy
from jiesu.domain.evaluation import Judged, Labelled, evaluate

TAXONOMY = load_taxonomy()
HOLDOUT_SET = DATA_DIR / "classification_holdout.yaml"
SETS = (DEVELOPMENT_SET, EVALUATION_SET, HOLDOUT_SET)


def test_the_evaluation_set_holds_a_macro_f1_of_at_least_090_and_catches_emergencies() -> None:
    report = evaluate_set(EVALUATION_SET, TAXONOMY)

    assert report.size >= 400
    assert report.macro_f1 >= 0.90
    assert report.emergency.recall is not None
    assert report.emergency.recall >= 0.95


def test_the_evaluation_set_covers_every_category_tier_and_the_emergency_channel() -> None:
    items = load_labelled(EVALUATION_SET, TAXONOMY)

    assert {i.category for i in items} == {c.id for c in TAXONOMY.categories}
    assert {i.tier for i in items} == {"ORDINARY", "DIFFICULT", "THORNY", "MAJOR_RISK"}
    assert sum(i.emergency for i in items) >= 25
    assert all(sum(i.category == c.id for i in items) >= 20 for c in TAXONOMY.categories)


def test_no_set_shares_a_text_with_another() -> None:
    texts = [{i.text for i in load_labelled(path, TAXONOMY)} for path in SETS]

    assert not texts[0] & texts[1]
    assert not texts[0] & texts[2]
    assert not texts[1] & texts[2]


def test_no_evaluation_clause_was_copied_into_the_taxonomy() -> None:
    clauses = {
        clause
        for item in load_labelled(EVALUATION_SET, TAXONOMY)
        for clause in re.split(r"[，。、？！；：,.?!;:“”\s]+", item.text)
        if len(clause) >= 5
    }

    assert not clauses & set(TAXONOMY.vocabulary())


def test_per_category_figures_follow_from_the_confusion_matrix() -> None:
    items = [Labelled("a", "x"), Labelled("b", "x"), Labelled("c", "y", emergency=True)]
    judged = [Judged("x", "ORDINARY", False), Judged("y", "ORDINARY", True),
              Judged("y", "DIFFICULT", False)]  # fmt: skip

    report = evaluate(items, judged, ["x", "y", "z"])

    assert report.confusion["x"] == {"x": 1, "y": 1, "z": 0}
    x, y = report.categories["x"], report.categories["y"]
    assert (x.precision, x.recall, y.precision, y.recall) == (1.0, 0.5, 0.5, 1.0)
    assert report.macro_f1 == pytest.approx((2 / 3 + 2 / 3) / 2)
    assert "z" in report.categories
    assert report.categories["z"].support == 0
    assert (report.emergency.precision, report.emergency.recall) == (0.0, 0.0)
    assert report.tier_accuracy == pytest.approx(2 / 3)
    assert [m[0].text for m in report.misses] == ["b"]


def test_jiesu_classify_evaluate_prints_the_figures_as_json() -> None:
    result = CliRunner().invoke(app, ["classify", "--evaluate", "--json"])

    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["size"] >= 400
    assert figures["macro_f1"] >= 0.90
    assert set(figures["categories"]) == {c.id for c in TAXONOMY.categories}
    assert figures["emergency"]["recall"] >= 0.95


def test_jiesu_classify_evaluate_prints_tables_with_the_confusion_matrix() -> None:
    result = CliRunner().invoke(app, ["classify", "--evaluate", str(DEVELOPMENT_SET)])

    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output
    assert "confusion" in result.output
    assert "emergency precision" in result.output


def test_jiesu_classify_judges_one_text() -> None:
    result = CliRunner().invoke(app, ["classify", "小区里的路灯不亮了", "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["category"] == "property"


def test_a_labelled_set_with_an_unknown_category_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump({"items": [{"text": "路灯坏了", "category": "lamps"}]}), "utf-8")

    with pytest.raises(ConfigError, match=r"items\[0\]: unknown category 'lamps'"):
        load_labelled(path, TAXONOMY)
    result = CliRunner().invoke(app, ["classify", "--evaluate", str(path)])
    assert result.exit_code == 2
    assert "unknown category" in result.output
