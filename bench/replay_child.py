"""`python -m bench.replay_child URL`: the body of `jiesu replay`, timed without start-up.

Run as its own process (configured like any `jiesu` child) so its memory is sampled apart
and interpreter start-up and imports do not count against small logs. Prints one JSON line:
``{"events": n, "seconds": s, "cpu_s": {"fold": s, "helpers": s}}``: CPU time of this
process (the fold) and of its reader and writer, reaped by the time the replay returns.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from jiesu.settings import get_settings
from projections.replay import replay


def main(url: str) -> None:
    settings = get_settings()
    started, before = time.perf_counter(), _cpu()
    events = replay(settings, url, (), None, False)
    seconds = time.perf_counter() - started
    cpu = {name: after - before[name] for name, after in _cpu().items()}
    sys.stdout.write(json.dumps({"events": events, "seconds": seconds, "cpu_s": cpu}) + "\n")


def _cpu() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "fold": own.ru_utime + own.ru_stime,
        "helpers": helpers.ru_utime + helpers.ru_stime,
    }


if __name__ == "__main__":
    main(sys.argv[1])
