"""The intake's Prometheus metrics (served by ``jiesu intake`` on its metrics port).

Labels hold bounded values only: the channel (from a fixed list), the HTTP status, the
action's event type, the cause of a 503. Never a petition id, a phone or an address.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram
from starlette.types import Scope

from jiesu.domain.channels import CHANNELS as REGISTERED
from jiesu.domain.lifecycle import HANDLER_ACTIONS
from jiesu.observe.http import LATENCY_BUCKETS

CHANNELS = {entry.path: entry.channel.value.lower() for entry in REGISTERED} | {
    "petitions": "actions",
    "healthz": "health",
}
"""First path segment → channel label (the event's channel in lower case, so requests and
petitions of a channel share one label value); anything else is ``other``."""

REQUESTS = Counter(
    "jiesu_intake_requests", "HTTP requests answered, by channel and status.", ["channel", "status"]
)
REQUEST_SECONDS = Histogram(
    "jiesu_intake_request_duration_seconds",
    "Whole request, from the first byte in to the answer, by channel.",
    ["channel"],
    buckets=LATENCY_BUCKETS,
)
PUBLISH_SECONDS = Histogram(
    "jiesu_intake_publish_duration_seconds",
    "One acknowledged publish (acks=all) of a group commit's new petitions.",
    buckets=LATENCY_BUCKETS,
)
COMMIT_SECONDS = Histogram(
    "jiesu_intake_commit_duration_seconds",
    "One group commit: ledger lookup, acknowledged publish, ledger write.",
    buckets=LATENCY_BUCKETS,
)
GROUP_SIZE = Histogram(
    "jiesu_intake_group_commit_petitions",
    "Petitions carried by one group commit.",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
)
PETITIONS = Counter(
    "jiesu_intake_petitions",
    "Petitions answered, by channel and outcome (accepted, duplicate).",
    ["channel", "outcome"],
)
ACTIONS = Counter("jiesu_intake_actions", "Handlers' actions published, by event.", ["action"])
UNAVAILABLE = Counter(
    "jiesu_intake_unavailable",
    "Requests answered 503 (nothing acknowledged, the caller retries), by cause.",
    ["cause"],
)
RATE_LIMITED = Counter(
    "jiesu_intake_rate_limited", "Requests refused with 429, by channel.", ["channel"]
)


for _cause in ("broker", "database"):  # zero from the start: rate() and alerts see them
    UNAVAILABLE.labels(_cause)
RATE_LIMITED.labels("mini_program")
for _action in HANDLER_ACTIONS:
    ACTIONS.labels(_action.__name__)


def channel_of(scope: Scope) -> str:
    """The channel label of a request, from its path's first segment."""
    first = str(scope.get("path", "")).strip("/").split("/", 1)[0]
    return CHANNELS.get(first, "other")


def count_answer(channel: str, status: str) -> None:
    """Extra counters derived from an answer's status (429: a rate limit refused it)."""
    if status == "429":
        RATE_LIMITED.labels(channel).inc()
