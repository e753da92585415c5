"""A replay's pieces start small, grow, and shrink again at the end of a log of known length;
batches take whole pieces until they hold enough records, and shrink too at the end."""

from __future__ import annotations

from projections.pieces import BatchSizes, Sizes, batches
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
    assert [[p.records for p in batch] for batch in batches(pieces, BatchSizes(550))] == [
        [100, 200, 300],
        [400, 50],
    ]


def test_batches_halve_towards_the_end_of_a_log_of_known_length() -> None:
    """The last batch is sent and written while nothing else is left to do: it is small."""
    sizes = BatchSizes(20_000, last=1000)
    sizes.expect(100_000)
    pieces = iter([Piece([], {}, 500) for _ in range(200)])
    got = [sum(p.records for p in batch) for batch in batches(pieces, sizes)]
    assert sum(got) == 100_000
    assert got[:3] == [20_000] * 3
    assert got[-5:] == sorted(got[-5:], reverse=True)
    assert got[-1] <= 1000


def test_batches_keep_their_size_while_the_log_s_length_is_unknown() -> None:
    pieces = iter([Piece([], {}, 500) for _ in range(20)])
    got = [sum(p.records for p in batch) for batch in batches(pieces, BatchSizes(2000))]
    assert got == [2000] * 5
