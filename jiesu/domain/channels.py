"""Every channel a petition comes in by, registered once (README, "Adding a channel").

What the rest of the system needs to know of a channel is here: its code (the ``Channel``
enum value and the Avro enum symbol), its display name, the section of ``channels.yaml`` its
credentials live in, the folder of its intake adapter and the first segment of its URLs, the
reference prefix the simulator gives it and its share of simulated traffic. The read models'
labels, the intake's metric labels and the simulator's mix derive from this table; the
intake's routers are registered beside it (:mod:`producers.channels`), and a unit test
checks that every place agrees.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiesu.domain.events import Channel


@dataclass(frozen=True)
class ChannelEntry:
    """One channel. ``credentials`` is the ``channels.yaml`` section holding its keys;
    ``folder`` the package under ``producers/`` with its router and mapping; ``path`` the
    first segment of its intake URLs (its requests' metric label)."""

    channel: Channel
    label: str
    credentials: str
    folder: str
    path: str
    ref_prefix: str
    traffic_share: float


CHANNELS: tuple[ChannelEntry, ...] = (
    ChannelEntry(Channel.HOTLINE, "12345热线", "hotline_keys", "hotline", "hotline", "RX", 0.50),
    ChannelEntry(Channel.MINI_PROGRAM, "小程序", "wechat", "wechat", "wechat", "MP", 0.22),
    ChannelEntry(Channel.GRID_APP, "网格员APP", "workers", "grid", "grid", "GA", 0.15),
    ChannelEntry(Channel.WALK_IN, "现场受理", "walkin_keys", "walkin", "walk-in", "WI", 0.08),
    ChannelEntry(Channel.OPEN311, "开放接口", "open311_keys", "open311", "open311", "OS", 0.05),
)
BY_CHANNEL = {entry.channel: entry for entry in CHANNELS}


def channel_labels() -> dict[str, str]:
    """Display name by channel code, as the dashboard shows them."""
    return {entry.channel.value: entry.label for entry in CHANNELS}
