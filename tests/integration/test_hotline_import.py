"""`jiesu import hotline FILE` through the real broker and database."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.domain.events import Channel, Event, PetitionReceived
from jiesu.domain.ids import petition_id_for
from jiesu.erasure.opening import opening_codec
from jiesu.settings import Settings, get_settings
from producers.hotline_import_cli import import_hotline_command

HEADER = "工单编号,坐席工号,来电时间,来电号码,来电人,诉求内容,诉求地址,区,街道,社区,诉求类别"
ROWS = [
    "GD20260930001,A017,2026-09-30 09:30:00,138-1234-1234,王女士,"
    "春光山色小区3号楼门口的垃圾桶满了两天没人清运，气味很大。,春光山色小区3号楼,"
    "张店区,车站街道,春光山色社区,环境卫生",
    "GD20260930002,A017,2026/9/30 10:05,1391234,李先生,楼上漏水渗到我家,新华园小区2号楼,"
    "张店区,车站街道,新华社区,物业管理",
    "GD20260930003,A018,昨天上午,13900001111,,路灯坏了好几天,柳泉路,张店区,不存在街道,,城市管理",
    'GD20260930004,A018,2026-09-30 11:00:00,13900002222,赵大爷,"暖气不热，\n家里有老人",'
    "般阳人家5号楼,淄川区,般阳路街道,松山社区,水电气暖",
]


def petitions_on_topic(settings: Settings) -> list[PetitionReceived]:
    codec = opening_codec(settings)  # sealed on the log; opened with the intake's keys
    found: list[Event] = []
    for partition in range(settings.petition_partitions):
        for batch in read_partition_until_caught_up(
            settings, settings.petition_events_topic, partition
        ):
            found += [codec.decode(r.value) for r in batch]
    assert all(isinstance(e, PetitionReceived) for e in found)
    return [e for e in found if isinstance(e, PetitionReceived)]


def run_import(file: Path, settings: Settings) -> int:
    try:
        import_hotline_command(file, None, settings)
    except typer.Exit as exit_:
        return exit_.exit_code
    return 0


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "12345-2026-09-30.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_good_rows_are_imported_and_bad_rows_reported_by_line_and_field(
    export: Path, unique_topics: Settings
) -> None:
    assert run_import(export, unique_topics) == 1
    report = list(
        csv.DictReader(export.with_name(export.name + ".errors.csv").open(encoding="utf-8-sig"))
    )
    assert {(r["line"], r["field"], r["reason"]) for r in report} == {
        ("3", "来电号码", "invalid_phone"),
        ("4", "来电时间", "datetime_from_date_parsing"),
        ("4", "街道", "unknown_area"),
    }
    assert {r["work_order"] for r in report} == {"GD20260930002", "GD20260930003"}
    assert {r["phone_masked"] for r in report} == {"*******", "139****1111"}
    imported = petitions_on_topic(unique_topics)
    assert sorted(p.channel_ref for p in imported) == ["GD20260930001", "GD20260930004"]
    first = next(p for p in imported if p.channel_ref == "GD20260930001")
    assert first.petition_id == petition_id_for(Channel.HOTLINE.value, "GD20260930001")
    assert first.location.community == "zd.cz.cg"
    assert first.petitioner.phone == "13812341234"
    assert first.event_time.isoformat() == "2026-09-30T01:30:00+00:00"
    assert (
        next(p for p in imported if p.channel_ref == "GD20260930004").text
        == "暖气不热，\n家里有老人"
    )


def test_the_error_report_never_holds_personal_data(export: Path, unique_topics: Settings) -> None:
    run_import(export, unique_topics)
    text = export.with_name(export.name + ".errors.csv").read_text(encoding="utf-8-sig")
    for secret in ("1391234", "李先生", "13900001111"):
        assert secret not in text


def test_a_rerun_imports_nothing_twice(export: Path, unique_topics: Settings) -> None:
    assert run_import(export, unique_topics) == 1
    assert run_import(export, unique_topics) == 1
    assert len(petitions_on_topic(unique_topics)) == 2


def test_a_clean_jsonl_export_with_english_keys_exits_zero(
    tmp_path: Path, unique_topics: Settings
) -> None:
    rows = [
        {
            "call_id": f"JL-{n}",
            "agent_id": "B2",
            "call_time": "2026-09-30T08:00:00+08:00",
            "caller_phone": "+86 150 0000 000" + str(n),
            "text": "齐都花园二次供水水压不稳",
            "district": "临淄区",
            "street": "闻韶街道",
            "community": "齐陵社区",
            "compound": "齐都花园",
        }
        for n in range(3)
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert run_import(path, unique_topics) == 0
    imported = petitions_on_topic(unique_topics)
    assert {p.location.compound for p in imported} == {"lz.ws.ql.c01"}
    assert not path.with_name(path.name + ".errors.csv").exists()


def test_a_broken_jsonl_line_is_reported_and_the_rest_imported(
    tmp_path: Path, unique_topics: Settings
) -> None:
    good = {"工单编号": "J1", "坐席工号": "C1", "来电时间": "2026-09-30 08:00",
            "诉求内容": "路灯不亮", "区": "张店区", "街道": "科苑街道"}  # fmt: skip
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    assert run_import(path, unique_topics) == 1
    report = path.with_name(path.name + ".errors.csv").read_text(encoding="utf-8-sig")
    assert "2,,,line,json_invalid" in report
    assert [p.location.street for p in petitions_on_topic(unique_topics)] == ["zd.ky"]


def test_a_gb18030_export_is_read(export: Path, unique_topics: Settings) -> None:
    export.write_bytes(export.read_text(encoding="utf-8").encode("gb18030"))
    assert run_import(export, unique_topics) == 1
    assert len(petitions_on_topic(unique_topics)) == 2


def test_an_unreadable_file_exits_2_and_imports_nothing(
    tmp_path: Path, unique_topics: Settings
) -> None:
    path = tmp_path / "orders.xlsx"
    path.write_bytes(b"PK\x03\x04")
    assert run_import(path, unique_topics) == 2
    assert run_import(tmp_path / "missing.csv", unique_topics) == 2


def test_the_cli_reports_a_summary_and_exits_1_on_bad_rows(
    export: Path, unique_topics: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiesu.cli import app

    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", unique_topics.kafka_bootstrap_servers or "")
    monkeypatch.setenv("DATABASE_URL", unique_topics.database_url)
    monkeypatch.setenv("JIESU_PETITION_EVENTS_TOPIC", unique_topics.petition_events_topic)
    monkeypatch.setenv("JIESU_PII_KEY", "an import key of at least thirty-two characters")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["import", "hotline", str(export)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    assert "line 3: 来电号码: invalid_phone" in result.output
    assert "13812341234" not in result.output
    assert len(petitions_on_topic(unique_topics)) == 2
