"""The replay's figure is the median of alternating ceiling-and-replay pairs, not one pair."""

from __future__ import annotations

from bench.replay import median_pair


def pair(ceiling: int, replay: int) -> dict[str, float]:
    ratio = round(replay / ceiling, 3)
    return {"ceiling_eps": ceiling, "replay_eps": replay, "replay_ratio": ratio}


def test_the_pair_of_median_ratio_is_reported_with_the_spread_beside_it() -> None:
    runs = [pair(26_000, 18_500), pair(22_000, 20_700), pair(25_800, 20_600)]

    figures = median_pair(runs)

    assert (figures["ceiling_eps"], figures["replay_eps"]) == (25_800, 20_600)
    assert figures["replay_ratio"] == 0.798
    assert (figures["replay_ratio_low"], figures["replay_ratio_high"]) == (0.712, 0.941)
    assert figures["replay_pairs"] == 3


def test_of_two_pairs_the_lower_ratio_is_reported() -> None:
    figures = median_pair([pair(20_000, 19_000), pair(20_000, 15_000)])

    assert figures["replay_ratio"] == 0.75


def test_a_replay_without_a_ceiling_is_reported_as_it_is() -> None:
    alone = {"replay_eps": 20_000, "replayed": 100_000}

    assert median_pair([alone]) == alone
