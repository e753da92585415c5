"""Channel credentials: only hashes on disk, clear secrets handed out once."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiesu.config import ConfigError
from jiesu.settings import Settings
from producers.credentials import (
    credentials_from_data,
    digest,
    generate_dev_credentials,
    load_credentials,
)


def test_generated_credentials_work_and_the_file_holds_no_clear_key(tmp_path: Path) -> None:
    settings = Settings.model_validate(
        {"data_dir": tmp_path, "open311_api_keys": "env-key-1, env-key-2"}
    )
    clear = generate_dev_credentials(tmp_path / "channels.yaml", ["zd.cz.cg.c01.g1"])
    text = (tmp_path / "channels.yaml").read_text(encoding="utf-8")
    for name in ("hotline_key", "walkin_key", "open311_key", "handler_key"):
        assert clear[name] not in text
    creds = load_credentials(settings)
    assert creds.matches(clear["hotline_key"], creds.hotline_keys)
    assert not creds.matches(clear["hotline_key"], creds.walkin_keys)
    assert creds.matches("env-key-2", creds.open311_keys)
    assert creds.matches(clear["open311_key"], creds.open311_keys)
    token, grid = clear["workers"]["w-001"]
    worker = creds.worker(token)
    assert worker is not None
    assert (worker.worker_id, worker.grid) == ("w-001", grid)
    handler = creds.handler(clear["handler_key"])
    assert handler is not None
    assert handler.may_act_for("street:zd.cz")
    assert creds.wechat_token == clear["wechat_token"]


def test_no_file_means_only_the_environment_keys(tmp_path: Path) -> None:
    creds = load_credentials(
        Settings.model_validate({"data_dir": tmp_path, "open311_api_keys": "k"})
    )
    assert creds.open311_keys == {digest("k")}
    assert creds.hotline_keys == frozenset()
    assert creds.wechat_token is None
    assert not creds.matches(None, creds.open311_keys)
    assert not creds.matches("", creds.open311_keys)


def test_a_malformed_entry_is_a_config_error_naming_the_file() -> None:
    with pytest.raises(ConfigError, match=r"channels\.yaml"):
        credentials_from_data({"workers": [{"worker": "w"}]}, [])


def test_a_handler_limited_to_a_unit_may_act_for_it_only() -> None:
    creds = credentials_from_data(
        {"handlers": [{"name": "c", "key_sha256": digest("x"), "units": ["grid:a"]}]}, []
    )
    handler = creds.handler("x")
    assert handler is not None
    assert handler.may_act_for("grid:a")
    assert not handler.may_act_for("grid:b")
