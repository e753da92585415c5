"""Channel credentials: only hashes on disk, clear secrets handed out once, each key naming
who holds it."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest

from jiesu.config import ConfigError
from jiesu.settings import Settings
from producers.credentials import credentials_from_data, digest, load_credentials
from producers.dev_credentials import DEV_AGENT, DEV_CLERK, generate_dev_credentials

T = TypeVar("T")


def some(value: T | None) -> T:
    assert value is not None
    return value


def test_generated_credentials_work_and_the_file_holds_no_clear_key(tmp_path: Path) -> None:
    settings = Settings.model_validate(
        {"data_dir": tmp_path, "open311_api_keys": "env-key-1, env-key-2"}
    )
    clear = generate_dev_credentials(tmp_path / "channels.yaml", ["zd.cz.cg.c01.g1"])
    text = (tmp_path / "channels.yaml").read_text(encoding="utf-8")
    for name in ("hotline_key", "walkin_key", "open311_key", "handler_key"):
        assert clear[name] not in text
    creds = load_credentials(settings)
    assert some(creds.agent(clear["hotline_key"])).agent_id == DEV_AGENT
    assert creds.agent(clear["walkin_key"]) is None
    clerk = some(creds.clerk(clear["walkin_key"]))
    assert (clerk.clerk, clerk.window) == DEV_CLERK
    assert creds.open311_client("env-key-2") is not None
    assert not some(creds.open311_client("env-key-2")).read
    assert some(creds.open311_client(clear["open311_key"])).read
    token, grid = clear["workers"]["w-001"]
    worker = creds.worker(token)
    assert worker is not None
    assert (worker.worker_id, worker.grid) == ("w-001", grid)
    actor = some(creds.handler(clear["handler_key"])).actor()
    assert actor.covers("street:zd.cz")
    assert actor.may_score
    assert creds.wechat_token == clear["wechat_token"]


def test_no_file_means_only_the_environment_keys(tmp_path: Path) -> None:
    creds = load_credentials(
        Settings.model_validate({"data_dir": tmp_path, "open311_api_keys": "k"})
    )
    assert set(creds.open311) == {digest("k")}
    assert creds.hotline == {}
    assert creds.wechat_token is None
    assert creds.open311_client(None) is None
    assert creds.open311_client("") is None


def test_a_malformed_entry_is_a_config_error_naming_the_file() -> None:
    with pytest.raises(ConfigError, match=r"channels\.yaml"):
        credentials_from_data({"workers": [{"worker": "w"}]}, [])


def test_a_bare_digest_names_nobody_and_is_refused() -> None:
    with pytest.raises(ConfigError, match="must name its holder"):
        credentials_from_data({"hotline_keys": [digest("k")]}, [])


def test_a_handler_without_units_is_refused_rather_than_given_every_unit() -> None:
    with pytest.raises(ConfigError, match="needs its units"):
        credentials_from_data({"handlers": [{"name": "c", "key_sha256": digest("x")}]}, [])


def test_a_handler_limited_to_a_unit_may_act_for_it_only() -> None:
    creds = credentials_from_data(
        {"handlers": [{"name": "c", "key_sha256": digest("x"), "units": ["grid:a"]}]}, []
    )
    actor = some(creds.handler("x")).actor()
    assert actor.covers("grid:a")
    assert not actor.covers("grid:b")
    assert not actor.may_score
