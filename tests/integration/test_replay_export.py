"""`jiesu projections dump` and `jiesu export`: read models and the raw log as files."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from projections.dump import dump
from projections.replay import replay
from tests.integration.test_projector_support import REPO, env_for, jiesu, log_end, publish
from tests.unit.test_projection_support import city_events

EVENTS, TRUTH = city_events(30, seed=4)


def test_the_dump_command_prints_every_read_model(unique_topics, sqlite_url):
    publish(unique_topics, EVENTS)
    replay(unique_topics, sqlite_url, show_progress=False)
    out = subprocess.run(
        [sys.executable, "-m", "jiesu.cli", "projections", "dump", "--db", sqlite_url],
        cwd=REPO,
        env=env_for(unique_topics, sqlite_url),
        capture_output=True,
        check=True,
    )
    printed = json.loads(out.stdout)
    assert printed == json.loads(json.dumps(dump(sqlite_url)))
    assert len(printed["petitions"]) == len(TRUTH)


def test_read_models_export_as_csv_and_parquet(unique_topics, sqlite_url, tmp_path):
    publish(unique_topics, EVENTS)
    replay(unique_topics, sqlite_url, show_progress=False)
    for fmt in ("csv", "parquet"):
        target = tmp_path / fmt
        assert (
            jiesu(
                unique_topics,
                sqlite_url,
                "export",
                "--db",
                sqlite_url,
                "--format",
                fmt,
                "--out",
                str(target),
            ).wait(timeout=120)
            == 0
        )
        read = pa_csv.read_csv if fmt == "csv" else pq.read_table
        assert read(target / f"petitions.{fmt}").num_rows == len(TRUTH)
        timeline = read(target / f"petition_timeline.{fmt}")
        assert timeline.num_rows == len({e.event_id for e in EVENTS})


def test_the_event_log_exports_decoded_and_without_personal_data(
    unique_topics, sqlite_url, tmp_path
):
    publish(unique_topics, EVENTS)
    process = jiesu(unique_topics, sqlite_url, "export", "events", "--out", str(tmp_path))
    assert process.wait(timeout=120) == 0
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.num_rows == sum(log_end(unique_topics).values()) == len(EVENTS)
    payloads = "".join(table.column("payload").to_pylist())
    assert "李四" not in payloads
    assert "13900000001" not in payloads
    assert "139****0001" in payloads


def test_an_unknown_export_format_is_refused(unique_topics, sqlite_url, tmp_path):
    log = tmp_path / "export.log"
    process = jiesu(
        unique_topics, sqlite_url, "export", "--db", sqlite_url, "--format", "xlsx", log=log
    )
    assert process.wait(timeout=60) == 2
    assert "--format" in log.read_text()
