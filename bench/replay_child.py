"""`python -m bench.replay_child URL`: the body of `jiesu replay`, timed without start-up.

Run as its own process (configured like any `jiesu` child) so its memory is sampled apart
and interpreter start-up and imports do not count against small logs. Prints one JSON line:
``{"events": n, "seconds": s}``.
"""

from __future__ import annotations

import json
import sys
import time

from jiesu.settings import get_settings
from projections.replay import replay


def main(url: str) -> None:
    settings = get_settings()
    started = time.perf_counter()
    events = replay(settings, url, (), None, False)
    seconds = time.perf_counter() - started
    sys.stdout.write(json.dumps({"events": events, "seconds": seconds}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
