"""Replayed WeChat signatures, spreadsheet formulas in exports, and services that refuse to
start with development secrets or without their credentials file."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, insert

from jiesu.settings import Settings
from projections.export import export_read_models
from projections.models import Base, Petition
from tests.integration.test_intake_support import Harness
from tests.integration.test_wechat_support import signed

REPO = Path(__file__).resolve().parents[2]
REPORT = {"openid": "o-replay", "client_id": "r-1", "text": "井盖松动", "place": {"area": "zd.cz"}}


def test_a_replayed_wechat_signature_is_refused(unique_topics: Settings) -> None:
    harness = Harness(unique_topics)
    try:
        token = harness.secrets["wechat_token"]
        params = signed(token)
        first = harness.client.post("/wechat/webhook", params=params, json=REPORT)
        assert first.status_code == 202
        again = harness.client.post("/wechat/webhook", params=params, json=REPORT | {"text": "x"})
        assert again.status_code == 403
        assert again.json()["error"] == "replayed_nonce"
        stale = harness.client.post(
            "/wechat/webhook", params=signed(token, int(time.time()) - 3600), json=REPORT
        )
        assert stale.json()["error"] == "stale_timestamp"
        forged = dict(signed(token), nonce="another-nonce")
        assert (
            harness.client.post("/wechat/webhook", params=forged, json=REPORT).json()["error"]
            == "bad_signature"
        )
        assert len(harness.events()) == 1
    finally:
        harness.close()


def test_an_exported_csv_cell_never_starts_a_formula(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'read.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    now = datetime(2026, 11, 2, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Petition).values(
                petition_id="p-1",
                status="RECEIVED",
                title='=HYPERLINK("http://evil.example","点我")',
                text="@SUM(1+1) 电话 13800138000",
                address="+86 路",
                received_at=now,
                updated_at=now,
            )
        )
    engine.dispose()
    (petitions,) = [
        p for p in export_read_models(url, tmp_path / "out", "csv") if "petitions" in p.name
    ]
    with petitions.open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["title"].startswith("'=")
    assert row["text"] == "'@SUM(1+1) 电话 138****8000"
    assert row["address"].startswith("'+")
    assert "channel_ref" not in row


def run_jiesu(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JIESU_")}
    clean |= {
        "JIESU_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    return subprocess.run(
        [sys.executable, "-m", "jiesu.cli", *args],
        cwd=REPO,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_services_refuse_development_secrets_and_say_how_to_make_real_ones(tmp_path: Path) -> None:
    intake = run_jiesu(tmp_path, "intake")
    assert intake.returncode == 2
    assert "JIESU_PII_KEY is not set" in intake.stderr
    assert "jiesu secret" in intake.stderr
    dashboard = run_jiesu(tmp_path, "dashboard")
    assert dashboard.returncode == 2
    assert "JIESU_SESSION_SECRET is not set" in dashboard.stderr
    made = run_jiesu(tmp_path, "secret")
    assert made.returncode == 0
    assert len(made.stdout.strip()) >= 32


def test_the_intake_never_mints_keys_by_itself(tmp_path: Path) -> None:
    key = "k" * 40
    missing = run_jiesu(tmp_path, "intake", JIESU_PII_KEY=key)
    assert missing.returncode == 2
    assert f"create {tmp_path / 'data' / 'channels.yaml'}" in missing.stderr
    assert not (tmp_path / "data" / "channels.yaml").exists()
    init = run_jiesu(tmp_path, "intake", "--init-credentials", JIESU_PII_KEY=key)
    assert init.returncode == 2
    assert "development" in init.stderr
    assert "key" not in init.stdout.lower()
