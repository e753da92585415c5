"""The segmenter's dictionary cache: the same words as jieba's own load, and a file that is
not whole, not from this dictionary or writable by others is never read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jiesu.domain import tokens, wordcache

WORDS = {"路灯": 120, "路": 3000, "不亮": 40, "垃圾桶": 75, "垃": 0, "垃圾": 900}
SOURCE = (5_071_852, 1_700_000_000_000_000_000)


def test_the_base_dictionary_is_the_one_jieba_loads_itself() -> None:
    jieba = tokens._jieba()
    own = jieba.Tokenizer()
    own.initialize()
    base = tokens._base()
    assert base.total == own.total
    assert base.FREQ == own.FREQ
    cached = wordcache.load(wordcache.cache_path(jieba), wordcache.stamp(jieba))
    assert cached == (own.FREQ, own.total)


def test_a_saved_dictionary_loads_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "words"
    wordcache.save(path, SOURCE, WORDS, 4135)
    assert wordcache.load(path, SOURCE) == (WORDS, 4135)


def test_a_file_made_from_another_dictionary_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "words"
    wordcache.save(path, SOURCE, WORDS, 4135)
    assert wordcache.load(path, (SOURCE[0], SOURCE[1] + 1)) is None


@pytest.mark.parametrize("mode", [0o664, 0o646])
def test_a_file_others_may_write_is_not_read(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "words"
    wordcache.save(path, SOURCE, WORDS, 4135)
    os.chmod(path, mode)
    assert wordcache.load(path, SOURCE) is None


@pytest.mark.parametrize("keep", [0, 10, 60, -8])
def test_a_file_that_is_not_whole_is_not_read(tmp_path: Path, keep: int) -> None:
    path = tmp_path / "words"
    wordcache.save(path, SOURCE, WORDS, 4135)
    path.write_bytes(path.read_bytes()[:keep])
    os.chmod(path, 0o600)
    assert wordcache.load(path, SOURCE) is None


def test_a_cache_that_cannot_be_written_is_only_skipped(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "words"
    wordcache.save(path, SOURCE, WORDS, 4135)
    assert not path.exists()
    assert wordcache.load(path, SOURCE) is None


def test_a_cache_that_cannot_be_put_in_place_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "words"
    path.mkdir()  # a directory where the file should go: os.replace refuses
    wordcache.save(path, SOURCE, WORDS, 4135)
    assert [p.name for p in tmp_path.iterdir()] == ["words"]
