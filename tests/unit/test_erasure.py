"""Erasure by crypto-shredding: sealing, opening, the key store, old plaintext events."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import create_engine

from jiesu.domain import erasure
from jiesu.domain.erasure import ERASED, open_received, seal_received, subject_of
from jiesu.domain.events import Petitioner, PetitionerErased, PetitionReceived
from jiesu.domain.privacy import petitioner_key
from jiesu.erasure.opening import OpeningCodec
from jiesu.erasure.sealing import sealed_for_log
from jiesu.erasure.store import SealedPetition, SqlKeyStore
from schemas.catalog import history
from schemas.codec import Codec
from schemas.registry import FileRegistry
from tests import factories
from tests.unit.policy_support import START, action, hours, make_policy, petition, receive

PHONE, NAME, ADDRESS = "13812341234", "张三", factories.LOCATION.address
KEY = petitioner_key(PHONE, "a-test-secret-of-thirty-two-characters")


def received(petition_id: str = factories.PETITION) -> PetitionReceived:
    """The factories' petition, with a real keyed hash (theirs spells the phone out)."""
    made = factories.received(petition_id)
    return replace(made, petitioner=replace(made.petitioner, key=KEY))


def with_phone_in_text() -> PetitionReceived:
    return replace(received(), text=f"我是{NAME}，电话 138-1234-1234，垃圾桶满了。")


def test_a_sealed_event_holds_no_personal_data_and_opens_with_its_key() -> None:
    key = erasure.new_key()
    event = with_phone_in_text()
    sealed = seal_received(event, key)
    visible = repr(sealed)
    for secret in (PHONE, NAME, str(ADDRESS), "138-1234-1234"):
        assert secret not in visible
    assert sealed.sealed_subject == KEY == subject_of(event)
    opened = open_received(sealed, {sealed.sealed_subject: key})
    assert opened.petitioner == event.petitioner
    assert opened.location == event.location
    assert opened.text == "我是某某，电话 138****1234，垃圾桶满了。"


def test_without_its_key_every_sealed_field_reads_erased() -> None:
    sealed = seal_received(received(), erasure.new_key())
    opened = open_received(sealed, {})
    assert (opened.petitioner.name, opened.petitioner.phone) == (ERASED, ERASED)
    assert opened.location.address == ERASED
    assert opened.petitioner.openid is None  # nothing was there: nothing to erase
    assert opened.petitioner.key == KEY  # the decisions' pseudonym stays


def test_another_key_of_the_same_subject_opens_nothing() -> None:
    sealed = seal_received(received(), erasure.new_key())
    opened = open_received(sealed, {KEY: erasure.new_key()})
    assert opened.petitioner.phone == ERASED


def test_a_ciphertext_moved_to_another_subject_does_not_open() -> None:
    key = erasure.new_key()
    sealed = seal_received(received(), key)
    assert erasure.unseal(key, "someone-else", sealed.petitioner.phone) == ERASED
    assert erasure.unseal(key, KEY, sealed.petitioner.phone) == PHONE


def test_sealing_twice_gives_different_ciphertexts() -> None:
    key = erasure.new_key()
    assert erasure.seal(key, "s", PHONE) != erasure.seal(key, "s", PHONE)


def test_a_petitioner_without_phone_or_openid_is_a_subject_of_one_petition() -> None:
    event = replace(received(), petitioner=Petitioner(name="李四", anonymous=True))
    assert subject_of(event) == f"petition:{event.petition_id}"


def test_old_plaintext_events_read_as_they_were() -> None:
    old = received()
    assert open_received(old, {}) == old
    assert erasure.unseal(None, "s", "13800138000") == "13800138000"


def test_a_v3_record_decodes_as_plaintext_and_a_v4_reader_opens_nothing_in_it() -> None:
    registry = FileRegistry()
    v3 = Codec(registry, schemas={"PetitionReceived": history("PetitionReceived")[2]})
    event = received()
    data = v3.encode(event)
    assert data[1:5] == registry.subjects["jiesu.events.PetitionReceived"]["3"].to_bytes(4, "big")
    decoded = Codec(registry).decode(data)
    assert decoded == event
    assert decoded.sealed_subject is None


def store_on(url: str) -> SqlKeyStore:
    return SqlKeyStore(create_engine(url))


def test_the_key_store_makes_one_key_per_subject_and_forgets_it(database_url: str) -> None:
    store = store_on(database_url)
    first = store.keys(["a", "b"], create=True)
    assert store.keys(["a", "b", "c"]) == first
    assert len(set(first.values())) == 2
    assert store_on(database_url).keys(["a"], create=True) == {"a": first["a"]}
    assert store.forget(["a", "x"]) == 1
    assert store.keys(["a", "b"]) == {"b": first["b"]}
    assert store.keys(["a"], create=True)["a"] != first["a"]


def test_the_index_finds_a_petitioners_petitions(database_url: str) -> None:
    store = store_on(database_url)
    one = SealedPetition("p1", "k", "e1")
    store.remember([one, SealedPetition("p2", "k", "e2"), SealedPetition("p3", "j", "e3")])
    store.remember([SealedPetition("p1", "other", "e9")])  # a retry keeps the first row
    store.remember([SealedPetition("p4", "openid-hash", "e4", phone_subject="k")])
    assert [p.petition_id for p in store.petitions_of(["k"])] == ["p1", "p2", "p4"]
    assert store.subject_of("p1") == "k"
    assert store.subject_of("nope") is None
    assert store.petitions_of(["k"])[0] == one


def phone_in(codec: OpeningCodec, data: bytes) -> str | None:
    event = codec.decode(data)
    assert isinstance(event, PetitionReceived)
    return event.petitioner.phone


def test_an_opening_codec_reads_erased_once_the_key_is_forgotten(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/keys.db"
    store = store_on(url)
    (sealed,) = sealed_for_log([received()], store)
    codec = Codec(FileRegistry())
    data = codec.encode(sealed)
    opening = OpeningCodec(codec, url)
    assert phone_in(opening, data) == PHONE
    store.forget([KEY])
    assert phone_in(OpeningCodec(codec, url), data) == ERASED
    (again,) = sealed_for_log([received("p-new")], store)  # a new key, same subject
    assert phone_in(opening, codec.encode(again)) == PHONE  # the stale cached key is retried
    assert phone_in(opening, data) == ERASED


SPELLINGS = ["13812341234", "１３８１２３４１２３４", "一三八一二三四一二三四"]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_spelling_of_a_phone_in_the_text_is_masked_on_the_log(text: str) -> None:
    event = replace(received(), text=f"请回电 {text}")
    assert "1234" not in seal_received(event, erasure.new_key()).text.replace("****1234", "")


def test_the_processors_decide_the_same_from_a_sealed_petition_and_ignore_its_erasure() -> None:
    policy = make_policy()
    plain = petition()
    sealed = seal_received(plain, erasure.new_key())
    first, second = receive(policy, plain), receive(make_policy(), sealed)
    assert [type(e) for e in first.events] == [type(e) for e in second.events]
    assert [getattr(e, "unit", None) for e in first.events] == [
        getattr(e, "unit", None) for e in second.events
    ]
    assert first.record is not None
    erased = action(
        PetitionerErased, 9, START + hours(1), subject="s", reason="申请删除", erased_by="ops"
    )
    after = policy.on_event(first.record, erased, erased.event_time)
    assert after.events == ()
    assert after.record is not None
    assert after.record.state == first.record.state
