"""A replay's pieces start small, grow, and shrink again at the end of a log of known length;
batches take whole pieces until they hold enough records."""

from __future__ import annotations

from projections.pieces import Sizes, batches
from projections.records import Piece


def cut(sizes: Sizes, chunks: list[int]) -> list[int]:
    records = iter(range(sum(chunks)))
    return [len(part) for n in chunks for part in sizes.cut([next(records) for _ in range(n)])]


def test_pieces_grow_from_the_first_size_to_the_full_one() -> None:
    assert cut(Sizes(500, first=100), [500, 500, 500]) == [100, 200, 200, 500, 500]


def test_pieces_shrink_towards_the_end_of_a_log_of_known_length() -> None:
    sizes = Sizes(500, first=100)
    sizes.expect(2000)
    got = cut(sizes, [500, 500, 500, 500])
    assert sum(got) == 2000
    assert got[-4:] == sorted(got[-4:], reverse=True)
    assert got[-1] <= 50


def test_a_batch_takes_whole_pieces_until_it_holds_enough_records() -> None:
    pieces = iter([Piece([], {}, n) for n in (100, 200, 300, 400, 50)])
    assert [[p.records for p in batch] for batch in batches(pieces, 550)] == [
        [100, 200, 300],
        [400, 50],
    ]
