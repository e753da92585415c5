"""Erased data trying to come back: through a replay, a returning petitioner's new key, a
second erasure, a sealed value moved into another petitioner's record, the public view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jiesu.domain import erasure
from jiesu.domain.events import PetitionReceived
from jiesu.domain.privacy import ERASED
from jiesu.settings import Settings
from projections.dump import dump
from projections.replay import replay
from tests.integration.test_erasure import NAME, PHONE, SECRET, erase_cli, order
from tests.integration.test_intake_support import Harness, published
from tests.integration.test_wechat_support import signed


@pytest.fixture
def harness(unique_topics: Settings) -> Iterator[Harness]:
    made = Harness(unique_topics.model_copy(update={"pii_key": SECRET}))
    yield made
    made.close()


def post(harness: Harness, call: str) -> str:
    body = order(call, NAME, PHONE, "楼道灯坏了")
    answer = harness.client.post(
        "/hotline/work-orders", json=body, headers=harness.auth("hotline_key")
    )
    return str(answer.json()["petition_id"])


def phones(url: str) -> dict[str, str | None]:
    return {r["petition_id"]: r["phone_masked"] for r in dump(url)["petitions"]}


def test_a_returning_petitioner_does_not_bring_the_erased_petitions_back(
    harness: Harness, sqlite_url: str
) -> None:
    old = post(harness, "BACK-1")
    assert erase_cli(harness.settings, "--petition", old, "--reason", "申请删除").exit_code == 0
    new = post(harness, "BACK-2")  # the same phone again: a new key for the same subject
    replay(harness.settings, sqlite_url, show_progress=False)
    assert phones(sqlite_url) == {old: ERASED, new: "139****5678"}
    again = erase_cli(harness.settings, "--phone", PHONE, "--reason", "再次申请")
    assert again.exit_code == 0, again.stderr
    assert old in again.stdout
    assert new in again.stdout
    rerun = erase_cli(harness.settings, "--phone", PHONE, "--reason", "再次申请")
    assert "deleted before" in rerun.stdout  # idempotent: the same facts, ignored twice
    fresh = harness.settings.database_url  # the intake's own read model: Open311 reads it
    replay(harness.settings, fresh, show_progress=False)
    assert phones(fresh) == {old: ERASED, new: ERASED}
    public = harness.client.get(f"/open311/v2/requests/{new}.json")
    assert public.status_code == 200
    assert PHONE not in public.text
    assert NAME not in public.text


def test_a_sealed_value_copied_into_another_subject_does_not_open() -> None:
    key = erasure.new_key()
    sealed = erasure.seal(key, "victim", PHONE)
    assert erasure.unseal(key, "attacker", sealed) == ERASED
    assert erasure.unseal(erasure.new_key(), "victim", sealed) == ERASED
    tampered = (sealed or "")[:-2] + ("AA" if not (sealed or "").endswith("AA") else "BB")
    assert erasure.unseal(key, "victim", tampered) == ERASED


def test_a_mini_program_user_who_left_a_phone_is_found_by_it(
    harness: Harness, sqlite_url: str
) -> None:
    report: dict[str, object] = {"openid": "o-erase-1", "client_id": "c-1", "phone": PHONE}
    report |= {"text": "井盖松动", "place": {"area": "zd.cz"}}
    params = signed(harness.secrets["wechat_token"])
    answer = harness.client.post("/wechat/webhook", params=params, json=report)
    assert answer.status_code == 202, answer.text
    petition_id = answer.json()["petition_id"]
    erased = erase_cli(harness.settings, "--phone", PHONE, "--reason", "申请删除")
    assert erased.exit_code == 0, erased.stderr
    assert petition_id in erased.stdout
    replay(harness.settings, sqlite_url, show_progress=False)
    assert phones(sqlite_url) == {petition_id: ERASED}
    (received,) = published(harness.settings)[:1]
    assert isinstance(received, PetitionReceived)
    assert received.petitioner.openid == ERASED
