"""`make screenshots`: the README's pictures of the dashboard, taken from a real demo run.

Runs ``jiesu demo`` (its own embedded broker, a small simulated day) into a scratch data
directory, then serves the dashboard on the read model it left, with a fresh embedded
broker for the (quiet) change feed, signs in through the login form as a city-wide user in
Debian's Chromium (Playwright), and saves the overview, the map, the whistle list, a
petition page and the wall into ``docs/screenshots/``. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import create_engine

from jiesu.accounts.store import AccountStore
from jiesu.bus.embedded import EmbeddedBroker
from jiesu.bus.topics import ensure_topics
from jiesu.domain.access import Role, Scope
from jiesu.settings import Settings
from projections.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SHOTS = {
    "overview": "/",
    "map": "/map",
    "whistles": "/whistles",
    "petition": None,  # the petition whistled most, found once signed in
    "screen": "/screen?every=600",
}


def run_demo(data_dir: Path, petitions: int, seed: int, days: float) -> Path:
    """The demo's read model (SQLite) after ``days`` simulated days of ``petitions``."""
    env = {**os.environ, "JIESU_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    command = [sys.executable, "-m", "jiesu.cli", "demo", "--petitions", str(petitions)]
    command += ["--seed", str(seed), "--days", str(days), "--exit-when-done", "--no-web", "--json"]
    log = data_dir / "demo.log"
    with log.open("wb") as sink:
        done = subprocess.run(command, env=env, check=False, stdout=sink, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        sys.stderr.write(log.read_text(encoding="utf-8", errors="replace")[-4000:])
        raise SystemExit(f"jiesu demo failed ({done.returncode})")
    return data_dir / "demo" / "jiesu.db"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(settings: Settings) -> tuple[uvicorn.Server, str]:
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def shoot(url: str, username: str, password: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_selector("body[data-total]", timeout=30000)
        for name, path in SHOTS.items():
            page.goto(url + (path or f"/petitions/{most_whistled(page, url)}"))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)  # charts drawn, the feed's second refresh done
            saved.append(out / f"{name}.png")
            page.screenshot(path=str(saved[-1]), full_page=name not in ("screen", "map"))
        browser.close()
    return saved


def most_whistled(page: Any, url: str) -> str:
    """A petition with a story to tell: the whistle list's first, else the newest."""
    whistles = json.loads(page.evaluate("fetch('/api/whistles').then((r) => r.text())"))
    if whistles["items"]:
        return str(max(whistles["items"], key=lambda w: w["whistles"])["petition_id"])
    listed = json.loads(page.evaluate("fetch('/api/petitions?limit=1').then((r) => r.text())"))
    return str(listed["items"][0]["petition_id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petitions", type=int, default=150)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--days", type=float, default=3, help="simulated days (the trends' points)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--database", type=Path, help="an existing read model (SQLite file)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jiesu-shots-") as scratch:
        database = args.database or run_demo(Path(scratch), args.petitions, args.seed, args.days)
        broker = EmbeddedBroker()
        try:
            settings = Settings(
                kafka_bootstrap_servers=broker.start(),
                database_url=f"sqlite:///{database}",
                data_dir=Path(scratch) / "demo",
                development=True,
            )
            ensure_topics(settings)
            password = secrets.token_urlsafe(16)
            store = AccountStore(create_engine(settings.database_url))
            store.add("shots", "市级值班", Scope(Role.CITY), password=password)
            server, url = serve(settings)
            assert httpx.get(url + "/healthz").status_code == 200
            for path in shoot(url, "shots", password, args.out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            server.should_exit = True
        finally:
            broker.stop()


if __name__ == "__main__":
    main()
